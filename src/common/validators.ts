import { ValidationOptions, registerDecorator } from 'class-validator';
import { parseCidr } from './source-address';

/** A CIDR range or a single IP address. */
export function IsCidr(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCidr',
      target: target.constructor,
      propertyName,
      options: { message: 'must be a CIDR range such as 203.0.113.0/24', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && value.length <= 64 && parseCidr(value) !== null },
    });
}

/** 法人番号: 13 digits whose first digit is the check digit over the other twelve. */
export function isCorporateNumber(value: string): boolean {
  if (!/^\d{13}$/.test(value)) return false;
  const base = value.slice(1);
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = Number(base[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return Number(value[0]) === 9 - (sum % 9);
}

export function IsCorporateNumber(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCorporateNumber',
      target: target.constructor,
      propertyName,
      options: { message: 'must be a 13-digit 法人番号 with a valid check digit', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isCorporateNumber(value) },
    });
}
