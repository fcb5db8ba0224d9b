import { IsEmail, IsString, Matches, MaxLength } from 'class-validator';

export class PasswordResetRequestDto {
  /** The account's e-mail address. The answer is the same whether or not an account has it. */
  @IsEmail({}, { message: 'must be an e-mail address (メールアドレスの形式ではありません)' })
  @MaxLength(320)
  email: string;
}

export class PasswordResetConfirmDto {
  /** The token from the link in the e-mail (`token=…`). */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{20,100}$/, { message: 'must be the token from the link in the e-mail (メールのリンクのトークンではありません)' })
  token: string;

  /** 8+ characters mixing letters, digits and symbols, or 13+ characters; not one of your last 5. */
  @IsString()
  @MaxLength(256)
  newPassword: string;
}

export class PasswordResetAcceptedDto {
  /** The same sentence whatever the address. */
  message: string;
}
