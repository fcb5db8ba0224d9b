import { Link } from 'react-router';

export type TileTone = 'ok' | 'bad' | 'warn' | 'neutral';

/**
 * One figure of a dashboard, leading to the list it counts: another screen (a router path, filters
 * in its query) or a section further down the same screen ("#missing").
 */
export function Tile({ value, label, en, tone = 'neutral', to }: { value: number | string; label: string; en?: string; tone?: TileTone; to: string }) {
  const content = (
    <>
      <span className="tile-value">{value}</span>
      <span className="tile-label">{label}</span>
      {en && <span className="en">{en}</span>}
    </>
  );
  return (
    <li className={`tile tile-${tone}`}>
      {to.startsWith('#') ? (
        // A plain anchor: the browser scrolls to the section and starts keyboard focus there.
        <a className="tile-link" href={to}>
          {content}
        </a>
      ) : (
        <Link className="tile-link" to={to}>
          {content}
        </Link>
      )}
    </li>
  );
}
