import type { FieldError } from '../common/app-error';
import type { WorkbookLocator } from './workbook-locator';
import type { WorkbookProblem } from './workbook-problems';

/**
 * Japanese for the English messages of formDefinitionProblems and of registration's catalog
 * checks, which the JSON path answers as they are. Matched on the message's wording; one that is
 * not listed still reaches the person, with a general Japanese lead.
 */
const JAPANESE: [RegExp, (match: RegExpExecArray) => string][] = [
  [/^must be 2–81 lowercase letters/, () => '英小文字・数字・ピリオド・ハイフンの2〜81文字で、英小文字か数字で始めてください'],
  [/^must be one of (.*)$/, (m) => `次のいずれかを入力してください: ${m[1]}`],
  [/^must be lowercase letters, digits, dots, hyphens or slashes/, () => '英小文字・数字・ピリオド・ハイフン・スラッシュで入力してください'],
  [/^is required for a checklist/, () => 'チェックリストには年度が必要です'],
  [/^must be (null or )?a year between (\d+) and (\d+)/, (m) => `${m[2]}〜${m[3]}の西暦年を入力してください`],
  [/^must be an integer from 0 to 1000000/, () => '0〜1000000の整数を入力してください'],
  [/^must be non-blank text of at most (\d+) characters/, (m) => `空欄にせず、${m[1]}文字以内で入力してください`],
  [/^must be non-blank text/, () => '空欄にしないでください'],
  [/^must be true or false/, () => 'TRUE か FALSE を入力してください'],
  [/^must be a list of at most (\d+) non-blank lines/, (m) => `${m[1]}行以内にしてください（各行1000文字以内）`],
  [/^must list 1 to (\d+) items/, (m) => `項目は1〜${m[1]}行にしてください`],
  [/^must list 1 to (\d+) sections/, (m) => `区分は1〜${m[1]}個にしてください`],
  [/^repeats section id "(.*)"/, (m) => `区分「${m[1]}」が重複しています`],
  [/^repeats item id "(.*)"/, (m) => `番号「${m[1]}」が重複しています`],
  [/^must be the id of one of the sections/, () => '区分を入力してください'],
  [/^must be the printed number/, () => '番号は印刷されたとおり、前後に空白を入れず40文字以内で入力してください'],
  [/^must list the allowed answers/, () => '回答の選択肢を入力してください'],
  [/^must not repeat an answer/, () => '回答の選択肢が重複しています'],
  [/^must be taken from はい, いいえ$/, () => 'チェックリストの回答は「はい/いいえ」から選んでください'],
  [/^must be taken from one set/, () => '回答は「はい/いいえ/対象外」か「該当/非該当」のどちらか一方の組から選んでください'],
  [/^must not be before the form's 年度/, () => '様式の年度より前の年度は入力できません'],
  [/^is for items answered はい/, () => '「はい」で回答する項目にだけ入力できます'],
  [/^derived items belong to a facility checklist/, () => '役割は医療機関・薬局確認用（facility_checklist）の項目にだけ入力できます'],
  [/^repeats role (\S+)/, (m) => `役割 ${m[1]} は一つの様式で一つの項目にだけ入力できます`],
  [/^names no stored form \((.*)\)/, (m) => `様式「${m[1]}」は登録されていません`],
  [/^(\S+) has no item (.*)$/, (m) => `様式「${m[1]}」に番号「${m[2]}」の項目はありません`],
  [/^must be a form id/, () => '様式IDの形式ではありません'],
  [/^must be an item id/, () => '番号を入力してください'],
  [/^is not a known field/, () => '様式にない項目です'],
  [/^must be a list of 1 to (\d+) paragraphs of at most (\d+) characters/, (m) => `1〜${m[1]}段落（各${m[2]}文字以内）で入力してください（段落はセル内で改行）`],
];

export function japaneseFor(english: string): string {
  for (const [pattern, say] of JAPANESE) {
    const match = pattern.exec(english);
    if (match) return say(match);
  }
  return '値が正しくありません';
}

/** Field errors of a definition, placed in the workbook it was read from, in Japanese with the English beside. */
export function placeFieldErrors(errors: FieldError[], locator: WorkbookLocator): WorkbookProblem[] {
  return errors.map((error) => ({ ...locator.locate(error.field), message: `${japaneseFor(error.message)} (${error.field}: ${error.message})` }));
}
