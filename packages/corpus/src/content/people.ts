import type { Random } from '../random.js';

/**
 * Fictitious personal data in the formats real leaked lists carry (Circular 59/2021/TT-BCA for
 * CCCD numbers, the post-2018 10-digit mobile prefixes, 2020–2022 three-tier addresses).
 * Every value is random: no real person is described.
 */

const familyNames = [
  'Nguyễn',
  'Nguyễn',
  'Nguyễn',
  'Trần',
  'Trần',
  'Lê',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Đinh',
  'Trương',
  'Lâm',
  'Mai',
  'Tôn',
  'Cao',
  'Đoàn',
  'Lương',
  'Tạ',
  'Hà',
] as const;
const maleMiddle = [
  'Văn',
  'Văn',
  'Hữu',
  'Đức',
  'Minh',
  'Quốc',
  'Thanh',
  'Công',
  'Xuân',
  'Ngọc',
  'Hoàng',
  'Gia',
  'Bảo',
  'Trọng',
  'Anh',
] as const;
const femaleMiddle = [
  'Thị',
  'Thị',
  'Thị',
  'Ngọc',
  'Thu',
  'Thanh',
  'Kim',
  'Mỹ',
  'Bích',
  'Hồng',
  'Minh',
  'Diệu',
  'Phương',
  'Khánh',
] as const;
const maleGiven = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Duy',
  'Đạt',
  'Hải',
  'Hùng',
  'Huy',
  'Khánh',
  'Khoa',
  'Lâm',
  'Long',
  'Minh',
  'Nam',
  'Nghĩa',
  'Phong',
  'Phúc',
  'Quang',
  'Sơn',
  'Tài',
  'Thành',
  'Thắng',
  'Thịnh',
  'Toàn',
  'Trung',
  'Tuấn',
  'Việt',
  'Vinh',
  'Vũ',
  'Hiếu',
  'Lộc',
  'Tâm',
  'Trí',
] as const;
const femaleGiven = [
  'Anh',
  'Chi',
  'Dung',
  'Duyên',
  'Giang',
  'Hà',
  'Hạnh',
  'Hằng',
  'Hiền',
  'Hoa',
  'Hương',
  'Lan',
  'Liên',
  'Linh',
  'Loan',
  'Mai',
  'My',
  'Nga',
  'Ngân',
  'Nhung',
  'Oanh',
  'Phượng',
  'Quyên',
  'Thảo',
  'Trang',
  'Trinh',
  'Tuyết',
  'Uyên',
  'Vân',
  'Vy',
  'Yến',
  'Thủy',
  'Nhi',
  'Ly',
] as const;
/** K'Ho and Mạ names, common in Lâm Đồng. */
const highlandNames = [
  "K' Brơi",
  "K' Điểu",
  'Ka Hờ',
  "Ka Sê H' Nga",
  'Kră Jăn Ha',
  "Lơ Mu K' Ha",
  'Cil Mup',
  "K' Thương",
  'Ka Thị Nhung',
  "Bon Niêng K' Tim",
] as const;

/** Pre-2025 units of Lâm Đồng: district-level → commune-level. */
export const lamDongUnits: Record<string, readonly string[]> = {
  'TP. Đà Lạt': [
    'Phường 1',
    'Phường 2',
    'Phường 3',
    'Phường 4',
    'Phường 5',
    'Phường 6',
    'Phường 7',
    'Phường 8',
    'Phường 9',
    'Phường 10',
    'Phường 11',
    'Phường 12',
    'xã Tà Nung',
    'xã Xuân Thọ',
    'xã Xuân Trường',
    'xã Trạm Hành',
  ],
  'TP. Bảo Lộc': [
    'Phường 1',
    'Phường 2',
    "Phường B'Lao",
    'Phường Lộc Phát',
    'Phường Lộc Sơn',
    'Phường Lộc Tiến',
    'xã Đại Lào',
    'xã Đạm Bri',
    'xã Lộc Châu',
    'xã Lộc Nga',
    'xã Lộc Thanh',
  ],
  'huyện Đức Trọng': [
    'thị trấn Liên Nghĩa',
    'xã Hiệp An',
    'xã Hiệp Thạnh',
    'xã Liên Hiệp',
    'xã Phú Hội',
    "xã N'Thôn Hạ",
    'xã Tân Hội',
    'xã Tân Thành',
    'xã Ninh Gia',
    'xã Ninh Loan',
    'xã Đà Loan',
    'xã Tà Năng',
    'xã Bình Thạnh',
  ],
  'huyện Lâm Hà': [
    'thị trấn Đinh Văn',
    'thị trấn Nam Ban',
    'xã Mê Linh',
    'xã Gia Lâm',
    'xã Đông Thanh',
    'xã Tân Hà',
    'xã Hoài Đức',
    'xã Đan Phượng',
    'xã Phúc Thọ',
    'xã Tân Văn',
    'xã Phi Tô',
    'xã Liên Hà',
  ],
  'huyện Di Linh': [
    'thị trấn Di Linh',
    'xã Đinh Lạc',
    'xã Gia Hiệp',
    'xã Tân Châu',
    'xã Liên Đầm',
    'xã Hòa Ninh',
    'xã Đinh Trang Thượng',
    'xã Bảo Thuận',
    'xã Tam Bố',
    'xã Gung Ré',
  ],
  'huyện Bảo Lâm': [
    'thị trấn Lộc Thắng',
    'xã Lộc Ngãi',
    'xã Lộc An',
    'xã Lộc Đức',
    'xã Lộc Quảng',
    "xã B'Lá",
    'xã Lộc Nam',
  ],
  'huyện Đơn Dương': [
    'thị trấn Thạnh Mỹ',
    "thị trấn D'Ran",
    'xã Lạc Xuân',
    'xã Ka Đô',
    'xã Quảng Lập',
    'xã Pró',
    'xã Tu Tra',
  ],
  'huyện Lạc Dương': ['thị trấn Lạc Dương', 'xã Lát', 'xã Đạ Sar', 'xã Đạ Nhim', "xã Đưng K'Nớ"],
  'huyện Đạ Huoai': [
    'thị trấn Mađaguôi',
    "thị trấn Đạ M'ri",
    'xã Đạ Oai',
    'xã Hà Lâm',
    'xã Đạ Tồn',
  ],
  'huyện Đạ Tẻh': ['thị trấn Đạ Tẻh', 'xã An Nhơn', 'xã Quốc Oai', 'xã Mỹ Đức', 'xã Triệu Hải'],
  'huyện Cát Tiên': [
    'thị trấn Cát Tiên',
    'thị trấn Phước Cát',
    'xã Gia Viễn',
    'xã Nam Ninh',
    'xã Tiên Hoàng',
  ],
  'huyện Đam Rông': ['xã Rô Men', "xã Đạ K'Nàng", "xã Liêng S'Rônh", 'xã Phi Liêng'],
};

const streets = [
  'Phan Đình Phùng',
  'Trần Phú',
  'Hai Bà Trưng',
  'Bùi Thị Xuân',
  'Nguyễn Văn Trỗi',
  'Ba Tháng Hai',
  'Yersin',
  'Hùng Vương',
  'Trần Hưng Đạo',
  'Lê Hồng Phong',
  'Nguyễn Công Trứ',
  'Phù Đổng Thiên Vương',
  'Quang Trung',
  'Thống Nhất',
  'Lý Thường Kiệt',
  'Nguyễn Thái Học',
  'Hoàng Văn Thụ',
  'Ba Tháng Tư',
] as const;

/** Province-of-birth codes (3 digits) used in CCCD numbers; Lâm Đồng's neighbours dominate. */
export const provinceCodes = [
  '068',
  '068',
  '068',
  '068',
  '068',
  '067',
  '060',
  '066',
  '056',
  '001',
  '079',
  '038',
  '040',
  '036',
  '034',
  '042',
  '045',
  '049',
  '051',
  '052',
  '054',
  '058',
  '062',
  '064',
  '074',
  '075',
  '080',
  '083',
  '087',
  '089',
  '091',
  '092',
  '094',
  '095',
  '096',
] as const;

/** Mobile prefixes in use since the 2018–2019 renumbering (Viettel, VinaPhone, MobiFone, Vietnamobile, Gmobile). */
export const mobilePrefixes = [
  '086',
  '096',
  '097',
  '098',
  '032',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '039',
  '091',
  '094',
  '081',
  '082',
  '083',
  '084',
  '085',
  '090',
  '093',
  '070',
  '076',
  '077',
  '078',
  '079',
  '056',
  '058',
  '059',
] as const;

export type Sex = 'Nam' | 'Nữ';

export interface Person {
  name: string;
  sex: Sex;
  birthYear: number;
  birthDate: string;
  cccd: string;
  /** Old 9-digit CMND, shown instead of the CCCD for some people, as in 2021 lists. */
  cmnd?: string;
  phone: string;
  address: string;
  occupation: string;
}

const occupations = [
  'Nông dân',
  'Buôn bán',
  'Công nhân',
  'Học sinh',
  'Sinh viên',
  'Giáo viên',
  'Tài xế',
  'Nội trợ',
  'Kinh doanh',
  'Lao động tự do',
  'Cán bộ',
  'Hưu trí',
  'Nhân viên văn phòng',
  'Thợ hồ',
] as const;

export function personName(random: Random, sex: Sex): string {
  if (random.chance(0.06)) return random.pick(highlandNames);
  const family = random.pick(familyNames);
  const middle = random.pick(sex === 'Nam' ? maleMiddle : femaleMiddle);
  const given = random.pick(sex === 'Nam' ? maleGiven : femaleGiven);
  return random.chance(0.15)
    ? `${family} ${middle} ${random.pick(sex === 'Nam' ? maleMiddle : femaleMiddle)} ${given}`
    : `${family} ${middle} ${given}`;
}

/** 12 digits: province code, century/sex digit (1900s: 0 male, 1 female; 2000s: 2, 3), year, 6 random. */
export function cccdNumber(random: Random, sex: Sex, birthYear: number): string {
  const centuryBase = birthYear >= 2000 ? 2 : 0;
  const sexDigit = centuryBase + (sex === 'Nữ' ? 1 : 0);
  return `${random.pick(provinceCodes)}${sexDigit}${String(birthYear % 100).padStart(2, '0')}${random.digits(6)}`;
}

export function mobileNumber(random: Random): string {
  return `${random.pick(mobilePrefixes)}${random.digits(7)}`;
}

/** Lâm Đồng landline: 0263 + 7 digits. */
export function landlineNumber(random: Random): string {
  return `0263${random.int(3, 8)}${random.digits(6)}`;
}

/** How phone numbers are written by hand: grouped or not. */
export function formatPhone(random: Random, phone: string): string {
  const style = random.int(0, 3);
  if (style === 0) return phone;
  if (style === 1) return `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`;
  if (style === 2) return `${phone.slice(0, 4)}.${phone.slice(4, 7)}.${phone.slice(7)}`;
  return `${phone.slice(0, 3)} ${phone.slice(3, 6)} ${phone.slice(6)}`;
}

export function address(random: Random, district = random.pick(Object.keys(lamDongUnits))): string {
  const communes = lamDongUnits[district] ?? ['Phường 1'];
  const commune = random.pick(communes);
  const local =
    district.startsWith('TP.') && random.chance(0.6)
      ? `${random.int(1, 250)}${random.chance(0.2) ? `/${random.int(1, 30)}` : ''} ${random.pick(streets)}`
      : random.chance(0.5)
        ? `Thôn ${random.int(1, 12)}`
        : `Tổ ${random.int(1, 20)}`;
  return `${local}, ${commune}, ${district}, tỉnh Lâm Đồng`;
}

export function person(random: Random): Person {
  const sex: Sex = random.chance(0.5) ? 'Nam' : 'Nữ';
  const birthYear = random.int(1940, 2018);
  const day = random.int(1, 28);
  const month = random.int(1, 12);
  const result: Person = {
    name: personName(random, sex),
    sex,
    birthYear,
    birthDate: `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${birthYear}`,
    cccd: cccdNumber(random, sex, birthYear),
    phone: mobileNumber(random),
    address: address(random),
    occupation: birthYear > 2003 ? 'Học sinh' : random.pick(occupations),
  };
  if (birthYear < 2000 && random.chance(0.25)) result.cmnd = `25${random.digits(7)}`;
  return result;
}

/** A patient code as the 2021 national numbering wrote them (BN12345). */
export function patientCode(random: Random): string {
  return `BN${random.int(10_000, 99_999)}`;
}
