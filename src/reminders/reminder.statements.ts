import { NEWEST_FIRST } from '../forms/form-versions';

/**
 * The reminders' named SQL. Each statement claims what is due today in `reminders_sent` (set-based:
 * INSERT … SELECT … ON CONFLICT DO NOTHING) and returns only the rows it claimed, with what the
 * message names. A reminder claimed by a rerun or by a second instance (its insert waits for the
 * first transaction, then finds the key taken) comes back from nobody, so it is published once.
 * $1 is today (JST, YYYY-MM-DD) from the caller's clock. Contracts must be in force (accepted and
 * not past their last day): nothing is sent about an ended contract.
 */

const IN_FORCE = `c.status = 'active' AND (c.ends_on IS NULL OR c.ends_on >= $1::date)`;

/** How long after a date passes an "overdue" reminder is still worth sending (not old backlog on first run). */
export const OVERDUE_WINDOW_DAYS = 30;

/**
 * 目標日 of いいえ answers in the latest submitted revision of each checklist: 30 days ahead, 7 days
 * ahead and passed. One reminder per (checklist, 目標日, threshold), naming the items.
 */
export const CLAIM_TARGET_DATES = `
  WITH latest AS (
    SELECT DISTINCT ON (vc.contract_id, vc.fiscal_year) vc.id, vc.contract_id, vc.fiscal_year
      FROM vendor_checklists vc
     WHERE vc.status = 'submitted'
     ORDER BY vc.contract_id, vc.fiscal_year, vc.revision DESC
  ), due AS (
    SELECT l.id AS checklist_id, l.contract_id, l.fiscal_year, a.target_on,
           CASE WHEN a.target_on < $1::date THEN 'overdue'
                WHEN a.target_on <= $1::date + 7 THEN '7d'
                ELSE '30d' END AS threshold,
           array_agg(a.item_id ORDER BY a.ordinal) AS items
      FROM latest l
      JOIN contracts c ON c.id = l.contract_id AND ${IN_FORCE}
      JOIN vendor_checklist_answers a ON a.checklist_id = l.id AND a.target_on IS NOT NULL
     WHERE a.target_on BETWEEN $1::date - ${OVERDUE_WINDOW_DAYS} AND $1::date + 30
     GROUP BY 1, 2, 3, 4
  ), claimed AS (
    INSERT INTO reminders_sent (subject_type, subject_id, kind, threshold)
    SELECT 'checklist', d.checklist_id, 'reminder.target_date_due', d.threshold || ':' || d.target_on
      FROM due d
    ON CONFLICT ON CONSTRAINT reminders_sent_key DO NOTHING
    RETURNING subject_id, threshold
  )
  SELECT d.checklist_id, d.contract_id, d.fiscal_year, to_char(d.target_on, 'YYYY-MM-DD') AS target_on, d.threshold, d.items,
         c.vendor_id, c.customer_id, v.name AS vendor_name, s.name AS customer_name
    FROM claimed k
    JOIN due d ON d.checklist_id = k.subject_id AND k.threshold = d.threshold || ':' || d.target_on
    JOIN contracts c ON c.id = d.contract_id
    JOIN organizations v ON v.id = c.vendor_id
    JOIN organizations s ON s.id = c.customer_id`;

/** Open document requests due within 3 days ('due') or passed ('overdue'). */
export const CLAIM_REQUESTS = `
  WITH due AS (
    SELECT r.id, CASE WHEN r.due_on < $1::date THEN 'overdue' ELSE 'due' END AS threshold
      FROM document_requests r
      JOIN contracts c ON c.id = r.contract_id AND ${IN_FORCE}
     WHERE r.status = 'open' AND r.due_on BETWEEN $1::date - ${OVERDUE_WINDOW_DAYS} AND $1::date + 3
  ), claimed AS (
    INSERT INTO reminders_sent (subject_type, subject_id, kind, threshold)
    SELECT 'document_request', d.id, CASE d.threshold WHEN 'overdue' THEN 'reminder.request_overdue' ELSE 'reminder.request_due' END, d.threshold
      FROM due d
    ON CONFLICT ON CONSTRAINT reminders_sent_key DO NOTHING
    RETURNING subject_id, threshold
  )
  SELECT r.id, k.threshold, r.kind, r.fiscal_year, to_char(r.due_on, 'YYYY-MM-DD') AS due_on, r.addressee_id, r.customer_id,
         a.name AS addressee_name, s.name AS customer_name, p.name AS product_name
    FROM claimed k
    JOIN document_requests r ON r.id = k.subject_id
    JOIN organizations a ON a.id = r.addressee_id
    JOIN organizations s ON s.id = r.customer_id
    LEFT JOIN products p ON p.id = r.product_id`;

/**
 * Threads waiting on one side for 7 days since their last change. The threshold is the day the
 * wait began, so a thread that waits again later is reminded again.
 */
export const CLAIM_WAITING_THREADS = `
  WITH waiting AS (
    SELECT t.id, to_char((t.updated_at AT TIME ZONE 'Asia/Tokyo')::date, 'YYYY-MM-DD') AS since
      FROM risk_threads t
     WHERE t.status IN ('waiting_vendor', 'waiting_pharmacy')
       AND (t.updated_at AT TIME ZONE 'Asia/Tokyo')::date <= $1::date - 7
       AND (t.updated_at AT TIME ZONE 'Asia/Tokyo')::date > $1::date - 7 - ${OVERDUE_WINDOW_DAYS}
       AND EXISTS (SELECT 1 FROM contracts c
                    WHERE c.customer_id = t.customer_id AND (c.vendor_id = t.vendor_id OR c.agent_id = t.vendor_id) AND ${IN_FORCE})
  ), claimed AS (
    INSERT INTO reminders_sent (subject_type, subject_id, kind, threshold)
    SELECT 'risk_thread', w.id, 'reminder.thread_waiting', w.since FROM waiting w
    ON CONFLICT ON CONSTRAINT reminders_sent_key DO NOTHING
    RETURNING subject_id, threshold
  )
  SELECT t.id, t.status, t.item_id, k.threshold AS since, t.vendor_id, t.customer_id, v.name AS vendor_name, s.name AS customer_name
    FROM claimed k
    JOIN risk_threads t ON t.id = k.subject_id
    JOIN organizations v ON v.id = t.vendor_id
    JOIN organizations s ON s.id = t.customer_id`;

/**
 * In the first month of a 年度 ($2), the 事業者確認用 checklists now owed: contracts in force with an
 * operation or maintenance service and no checklist submitted for the 年度 yet.
 */
export const CLAIM_FISCAL_YEAR = `
  WITH owed AS (
    SELECT c.id
      FROM contracts c
     WHERE ${IN_FORCE} AND c.kind IN ('operation', 'maintenance')
       AND NOT EXISTS (SELECT 1 FROM vendor_checklists vc WHERE vc.contract_id = c.id AND vc.fiscal_year = $2 AND vc.status = 'submitted')
  ), claimed AS (
    INSERT INTO reminders_sent (subject_type, subject_id, kind, threshold)
    SELECT 'contract', o.id, 'reminder.fiscal_year_started', $2::text FROM owed o
    ON CONFLICT ON CONSTRAINT reminders_sent_key DO NOTHING
    RETURNING subject_id
  )
  SELECT c.id, c.vendor_id, c.customer_id, v.name AS vendor_name, s.name AS customer_name
    FROM claimed k
    JOIN contracts c ON c.id = k.subject_id
    JOIN organizations v ON v.id = c.vendor_id
    JOIN organizations s ON s.id = c.customer_id`;

/**
 * Checklists of the 年度 ($2) answered on an older form version than the one that now applies to it
 * (a new version was registered: 旧様式). The 疑義解釈 asks for a prompt answer on the new one. Daily,
 * like the standing screen's check (src/standing/standing.sql.ts), keyed by the newer form, so a
 * later version reminds again.
 */
export const CLAIM_OUTDATED_FORMS = `
  WITH applicable AS (
    SELECT id, fiscal_year, revision, definition->>'versionLabel' AS version_label FROM forms
     WHERE kind = 'vendor_checklist' AND audience IN ('pharmacy', 'any') AND fiscal_year <= $2
     ORDER BY ${NEWEST_FIRST} LIMIT 1
  ), latest AS (
    SELECT DISTINCT ON (vc.contract_id) vc.id, vc.contract_id, vc.form_id
      FROM vendor_checklists vc
     WHERE vc.fiscal_year = $2 AND vc.status = 'submitted'
     ORDER BY vc.contract_id, vc.revision DESC
  ), outdated AS (
    SELECT l.id, l.contract_id, a.id AS newer_form_id, a.version_label
      FROM latest l
      JOIN contracts c ON c.id = l.contract_id AND ${IN_FORCE}
      JOIN forms f ON f.id = l.form_id
      CROSS JOIN applicable a
     WHERE a.id <> f.id AND (a.fiscal_year, a.revision) > (coalesce(f.fiscal_year, 0), f.revision)
  ), claimed AS (
    INSERT INTO reminders_sent (subject_type, subject_id, kind, threshold)
    SELECT 'checklist', o.id, 'reminder.form_outdated', o.newer_form_id FROM outdated o
    ON CONFLICT ON CONSTRAINT reminders_sent_key DO NOTHING
    RETURNING subject_id
  )
  SELECT o.id AS checklist_id, o.contract_id, o.newer_form_id, o.version_label, c.vendor_id, c.customer_id, v.name AS vendor_name, s.name AS customer_name
    FROM claimed k
    JOIN outdated o ON o.id = k.subject_id
    JOIN contracts c ON c.id = o.contract_id
    JOIN organizations v ON v.id = c.vendor_id
    JOIN organizations s ON s.id = c.customer_id`;
