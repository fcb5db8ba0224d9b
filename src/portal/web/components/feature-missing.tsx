import { isMissingRoute } from '../lib/use-async';
import { ErrorMessage, Notice } from './feedback';

/** An error, or — when the route itself is absent (an older server) — a calm note that the feature is not there yet. */
export function FeatureError({ error, onRetry, feature }: { error: unknown; onRetry?: () => void; feature: string }) {
  if (!error) return null;
  if (isMissingRoute(error)) {
    return (
      <Notice tone="warning">
        {feature}はこのサーバーではまだ利用できません。サーバーを更新すると表示されます。 (Not available on this server yet.)
      </Notice>
    );
  }
  return <ErrorMessage error={error} onRetry={onRetry} />;
}
