import { useEffect, useState, type FormEvent } from 'react';
import { MAIL_MODE_LABELS, notificationMail, type MailFamily, type MailMode, type NotificationPreferences } from '../../api/notification-mail';
import { ErrorMessage, Notice } from '../../components/feedback';

const MODES: MailMode[] = ['immediate', 'daily', 'off'];
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/**
 * 通知メールの設定 on the account page: per family at once, in the daily digest, or off, and the
 * digest's hour (JST). Security messages are said to be always sent; there is nothing to turn off.
 */
export function NotificationMailSection() {
  const [loaded, setLoaded] = useState<NotificationPreferences>();
  const [modes, setModes] = useState<Partial<Record<MailFamily, MailMode>>>({});
  const [hour, setHour] = useState(8);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>();

  function show(preferences: NotificationPreferences) {
    setLoaded(preferences);
    setModes(Object.fromEntries(preferences.families.map((f) => [f.family, f.mode])));
    setHour(preferences.digestHour);
  }

  useEffect(() => {
    notificationMail.preferences().then(show, setError);
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    setError(undefined);
    try {
      const families = Object.entries(modes).map(([family, mode]) => ({ family: family as MailFamily, mode }));
      show(await notificationMail.update({ families, digestHour: hour }));
      setSaved(true);
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="notification-mail-title">
      <h2 id="notification-mail-title">通知メールの設定 (Notification e-mails)</h2>
      {!loaded ? (
        <>
          <ErrorMessage error={error} />
          {!error && <p>読み込み中…</p>}
        </>
      ) : (
        <form onSubmit={(event) => void submit(event)}>
          <p className="help">お知らせの種類ごとに、メールで受け取る方法を選べます。ポータルのお知らせ一覧には、設定にかかわらずすべて表示されます。</p>
          {loaded.families.map((family) => (
            <fieldset key={family.family} className="field">
              <legend>
                {family.label} <small className="help">{family.description}</small>
              </legend>
              {MODES.map((mode) => (
                <label key={mode} className="inline">
                  <input
                    type="radio"
                    name={`mail-${family.family}`}
                    value={mode}
                    checked={modes[family.family] === mode}
                    onChange={() => setModes({ ...modes, [family.family]: mode })}
                  />{' '}
                  {MAIL_MODE_LABELS[mode]}
                </label>
              ))}
            </fieldset>
          ))}
          <div className="field">
            <label htmlFor="digest-hour">まとめて送る時刻（日本時間）</label>
            <select id="digest-hour" value={hour} onChange={(event) => setHour(Number(event.target.value))}>
              {HOURS.map((h) => (
                <option key={h} value={h}>
                  {h}:00
                </option>
              ))}
            </select>
          </div>
          <p className="help">{loaded.securityMessages}</p>
          <ErrorMessage error={error} />
          {saved && <Notice tone="success">通知メールの設定を保存しました。</Notice>}
          <div className="actions">
            <button type="submit" className="button primary" disabled={busy}>
              {busy ? '保存中…' : '通知メールの設定を保存する'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
