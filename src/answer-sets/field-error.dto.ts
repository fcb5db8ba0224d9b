import { ApiPropertyOptional } from '@nestjs/swagger';

/** A problem with one field of a request: the path, the item as printed where it is an answer, the message (Japanese, English beside it). */
export class FieldErrorDto {
  field: string;
  message: string;
  @ApiPropertyOptional()
  itemId?: string;
}
