import { formatDateTime } from '../lib/format';

/**
 * Shown when a save is refused with 412: someone else (another person, another tab, or the
 * vendor's own system over the API) saved the record after this screen loaded it. Nothing was
 * saved and the user's input is still on the screen; they choose what happens to it.
 */
export function StaleWriteNotice({
  what,
  changedAt,
  busy,
  onOverwrite,
  onLoadLatest,
}: {
  /** The record as people name it: 「チェックリスト」, 「開示書」. */
  what: string;
  /** When the record was last saved by the other party, if known. */
  changedAt?: string | null;
  busy: boolean;
  onOverwrite: () => void;
  onLoadLatest: () => void;
}) {
  return (
    <div className="alert alert-error" role="alert" data-testid="stale-write">
      <p className="alert-title">他の利用者またはシステムが先に更新しました</p>
      <p>
        この{what}は、あなたがこの画面を開いた後に、別の画面または連携システムから保存されています
        {changedAt ? `（最終更新 ${formatDateTime(changedAt)}）` : ''}。あなたの入力は保存されていませんが、この画面に残っています。
      </p>
      <p className="small">
        「最新の内容を読み込む」を選ぶと、あなたの入力は破棄されて最新の内容が表示されます。「自分の入力で上書き保存」を選ぶと、相手の変更はあなたの入力で置き換えられます。迷うときは、入力内容を控えてから読み込んでください。
      </p>
      <div className="save-bar-buttons">
        <button type="button" className="button secondary" disabled={busy} onClick={onLoadLatest}>
          最新の内容を読み込む（入力を破棄）
        </button>
        <button type="button" className="button primary" disabled={busy} onClick={onOverwrite}>
          自分の入力で上書き保存
        </button>
      </div>
    </div>
  );
}
