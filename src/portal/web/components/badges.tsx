import type { ReactNode } from 'react';
import { answerClass } from '../lib/format';

export function AnswerBadge({ answer }: { answer: string | null | undefined }) {
  return <span className={answerClass(answer)}>{answer || '未回答'}</span>;
}

type Tone = 'ok' | 'warn' | 'bad' | 'neutral' | 'info';

export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

const CHECKLIST_TONES: Record<string, Tone> = { received: 'ok', form_outdated: 'warn', missing: 'bad', not_required: 'neutral' };
export function ChecklistStatusBadge({ status, label }: { status: string; label: string }) {
  return <Badge tone={CHECKLIST_TONES[status] ?? 'neutral'}>{label}</Badge>;
}

const THREAD_TONES: Record<string, Tone> = { waiting_vendor: 'warn', waiting_pharmacy: 'info', resolved: 'ok' };
export function ThreadStatusBadge({ status, label }: { status: string; label: string }) {
  return <Badge tone={THREAD_TONES[status] ?? 'neutral'}>{label}</Badge>;
}

const REQUEST_TONES: Record<string, Tone> = { open: 'warn', fulfilled: 'ok', declined: 'bad' };
export function RequestStatusBadge({ status, label, overdue }: { status: string; label: string; overdue?: boolean }) {
  return (
    <>
      <Badge tone={REQUEST_TONES[status] ?? 'neutral'}>{label}</Badge>
      {overdue && <Badge tone="bad">期限超過</Badge>}
    </>
  );
}

const RISK_TONES: Record<string, Tone> = { none: 'ok', low: 'info', medium: 'warn', high: 'bad' };
export function RiskBadge({ level, label }: { level: string | null | undefined; label?: string }) {
  if (!level) return null;
  return <Badge tone={RISK_TONES[level] ?? 'neutral'}>{label ?? level}</Badge>;
}
