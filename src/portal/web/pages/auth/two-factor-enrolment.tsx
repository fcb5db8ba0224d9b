import { useState, type FormEvent } from 'react';
import QRCode from 'qrcode';
import { auth } from '../../api/endpoints';
import type { TwoFactorEnrolmentDto } from '../../api/schema';
import { ErrorMessage } from '../../components/feedback';

/** Starts enrolment, shows the otpauth:// URI as a QR code (drawn here, as a data: URL) and confirms with a code. */
export function TwoFactorEnrolment({ onEnrolled }: { onEnrolled: (recoveryCodes: string[]) => void }) {
  const [enrolment, setEnrolment] = useState<TwoFactorEnrolmentDto & { qr: string }>();
  const [otp, setOtp] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function start() {
    setBusy(true);
    setError(undefined);
    try {
      const started = await auth.startEnrolment();
      const qr = await QRCode.toDataURL(started.otpauthUri, { errorCorrectionLevel: 'M', margin: 2, width: 220 });
      setEnrolment({ ...started, qr });
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { recoveryCodes } = await auth.confirmEnrolment(otp.trim());
      setEnrolment(undefined);
      onEnrolled(recoveryCodes);
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  if (!enrolment) {
    return (
      <>
        <p>スマートフォンの認証アプリ（Google Authenticator、Microsoft Authenticator など）でログインを保護します。</p>
        <button type="button" className="button primary" onClick={() => void start()} disabled={busy}>
          二要素認証を登録する (Enrol)
        </button>
        <ErrorMessage error={error} />
      </>
    );
  }

  return (
    <div className="enrolment">
      <ol className="steps">
        <li>
          認証アプリでこのQRコードを読み取ってください。
          <img src={enrolment.qr} alt="二要素認証の登録用QRコード (QR code for the authenticator app)" width={220} height={220} className="qr" />
        </li>
        <li>
          読み取れない場合は、次のキーを手入力してください:
          <code className="secret" data-testid="totp-secret">
            {enrolment.secret}
          </code>
        </li>
        <li>
          <form onSubmit={(event) => void confirm(event)} className="inline-form">
            <div className="field">
              <label htmlFor="enrol-otp">アプリに表示された6桁のコード</label>
              <input id="enrol-otp" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" value={otp} onChange={(event) => setOtp(event.target.value)} required />
            </div>
            <button type="submit" className="button primary" disabled={busy}>
              確認して有効にする
            </button>
          </form>
        </li>
      </ol>
      <ErrorMessage error={error} />
    </div>
  );
}
