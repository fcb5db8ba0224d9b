import { Link } from 'react-router';
import { PageHeader } from '../components/layout';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="ページが見つかりません" en="Not found" />
      <p>
        アドレスが正しいか確認してください。<Link to="/">トップへ戻る</Link>
      </p>
    </>
  );
}
