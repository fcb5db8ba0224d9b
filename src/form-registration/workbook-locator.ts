import { columnLetter, type WorkbookProblem } from './workbook-problems';

export type Place = Omit<WorkbookProblem, 'message'>;

interface Column {
  number: number;
  heading: string;
}

/** The definition's item fields that are read from a differently named column. */
const ITEM_FIELD_COLUMNS: Record<string, string> = {
  counterpart: 'counterpartFormId',
  'counterpart.formId': 'counterpartFormId',
  'counterpart.itemId': 'counterpartItemId',
};
/** The other way: the item field a column fills (null: the section's, not the item's). */
const COLUMN_ITEM_FIELDS: Record<string, string | null> = {
  counterpartFormId: 'counterpart.formId',
  counterpartItemId: 'counterpart.itemId',
  sectionTitle: null,
  sectionTitleEn: null,
};
const SECTION_FIELD_COLUMNS: Record<string, string> = { id: 'sectionId', title: 'sectionTitle', titleEn: 'sectionTitleEn' };

/**
 * Where each field of a definition read from a workbook came from: the readers record rows and
 * columns as they go, and a problem found later (by formDefinitionProblems, or by registration's
 * checks against the catalog) is placed by its field path ("items[3].answers") at sheet, row, column.
 */
export class WorkbookLocator {
  private readonly headerRows = new Map<string, number[]>();
  private readonly itemColumns = new Map<string, Column>();
  private readonly itemRows: number[] = [];
  private readonly sectionRows: number[] = [];
  private headerValueColumn: Column = { number: 2, heading: '' };

  constructor(
    readonly headerSheet: string,
    readonly itemsSheet: string,
  ) {}

  recordHeaderValueColumn(number: number, heading: string): void {
    this.headerValueColumn = { number, heading };
  }

  recordHeaderRow(key: string, row: number): void {
    this.headerRows.set(key, [...(this.headerRows.get(key) ?? []), row]);
  }

  headerRowsOf(key: string): number[] {
    return this.headerRows.get(key) ?? [];
  }

  recordItemColumn(key: string, number: number, heading: string): void {
    this.itemColumns.set(key, { number, heading });
  }

  recordItemRow(row: number): void {
    this.itemRows.push(row);
  }

  recordSectionRow(row: number): void {
    this.sectionRows.push(row);
  }

  /** The value cell of a header field (its first row when it spans several). */
  header(key: string, row = this.headerRowsOf(key)[0], field = key): Place {
    return this.cell(this.headerSheet, row, this.headerValueColumn, field);
  }

  /**
   * A cell of the items sheet, by row number and column key; its field path ("items[3].answers")
   * unless given, counting the row among the item rows read so far (the row being read is the next).
   */
  item(row: number | undefined, key: string, field = this.itemField(row, key)): Place {
    const column = this.itemColumns.get(key);
    return this.cell(this.itemsSheet, row, column, field);
  }

  private itemField(row: number | undefined, key: string): string | undefined {
    const path = COLUMN_ITEM_FIELDS[key] === undefined ? key : COLUMN_ITEM_FIELDS[key];
    if (row === undefined || path === null) return undefined;
    const index = this.itemRows.indexOf(row);
    return `items[${index >= 0 ? index : this.itemRows.length}].${path}`;
  }

  /** The place of a definition path such as "items[3].counterpart.formId", "sections[0].title", "rules.riskAnswers". */
  locate(field: string): Place {
    const item = /^items\[(\d+)\]\.?(.*)$/.exec(field);
    if (item) {
      const key = ITEM_FIELD_COLUMNS[item[2]] ?? item[2];
      return this.item(this.itemRows[Number(item[1])], key || 'id', field);
    }
    const section = /^sections\[(\d+)\]\.?(.*)$/.exec(field);
    if (section) return this.item(this.sectionRows[Number(section[1])], SECTION_FIELD_COLUMNS[section[2]] ?? 'sectionId', field);
    if (field === 'items' || field === 'sections') return { sheet: this.itemsSheet, field };
    const key = field.replace(/\[\d+\]$/, '');
    if (this.headerRows.has(key)) return this.header(key, undefined, field);
    return { sheet: this.headerSheet, field };
  }

  private cell(sheet: string, row: number | undefined, column: Column | undefined, field: string | undefined): Place {
    const place: Place = { sheet };
    if (row !== undefined) place.row = row;
    if (column) place.column = column.heading;
    if (row !== undefined && column) place.cell = `${columnLetter(column.number)}${row}`;
    if (field) place.field = field;
    return place;
  }
}
