/**
 * A Danish CPR number: a birth date DDMMYY, an optional hyphen, four digits, not part of a longer run of
 * digits. Only the date is checked (the modulus-11 check was given up in 2007), so some case numbers that
 * merely look like one are refused too: better than letting a CPR number into an identifier that is stored,
 * shown to staff and used as a stream name.
 */
const CPR = /(?<!\d)(\d{2})(\d{2})(\d{2})-?\d{4}(?!\d)/g;

export function containsCprNumber(text: string): boolean {
  for (const match of text.matchAll(CPR)) {
    const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(month, year)) return true;
  }
  return false;
}

function daysInMonth(month: number, twoDigitYear: number): number {
  // A two-digit year is a leap year when divisible by 4 (2000 was one; 1900's 29 February cannot be told apart).
  return [31, twoDigitYear % 4 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}
