/**
 * Issuing bodies as Decree 30/2020/NĐ-CP lays them out: the parent authority above, the
 * issuing agency in bold below, and the symbol used in `Số: 125/SYT-NVY`.
 */
export interface Agency {
  parent: string;
  name: string;
  /** How the body text refers to the agency ("Sở Y tế"). */
  shortName: string;
  /** Short symbol of the agency in document numbers (SYT, TTKSBT, UBND…). */
  symbol: string;
  /** Drafting units used in công văn symbols (`SYT-NVY`). */
  units: readonly string[];
  place: string;
  /** Text around the red seal. */
  sealText: string;
  signers: readonly { authority?: string; title: string }[];
}

/** The health-sector agencies whose documents are registered (and their look-alikes). */
export const healthAgencies: readonly Agency[] = [
  {
    parent: 'UBND TỈNH LÂM ĐỒNG',
    name: 'SỞ Y TẾ',
    shortName: 'Sở Y tế',
    symbol: 'SYT',
    units: ['NVY', 'VP', 'KHTC', 'TCCB', 'NVD'],
    place: 'Lâm Đồng',
    sealText: 'SỞ Y TẾ * TỈNH LÂM ĐỒNG *',
    signers: [{ authority: 'KT. GIÁM ĐỐC', title: 'PHÓ GIÁM ĐỐC' }, { title: 'GIÁM ĐỐC' }],
  },
  {
    parent: 'SỞ Y TẾ LÂM ĐỒNG',
    name: 'TRUNG TÂM KIỂM SOÁT BỆNH TẬT',
    shortName: 'Trung tâm Kiểm soát bệnh tật tỉnh',
    symbol: 'TTKSBT',
    units: ['KSBTN', 'KHNV', 'TCHC'],
    place: 'Đà Lạt',
    sealText: 'TRUNG TÂM KIỂM SOÁT BỆNH TẬT * LÂM ĐỒNG *',
    signers: [{ authority: 'KT. GIÁM ĐỐC', title: 'PHÓ GIÁM ĐỐC' }, { title: 'GIÁM ĐỐC' }],
  },
  {
    parent: 'UBND HUYỆN ĐỨC TRỌNG',
    name: 'TRUNG TÂM Y TẾ',
    shortName: 'Trung tâm Y tế huyện Đức Trọng',
    symbol: 'TTYT',
    units: ['KSBT', 'KHNV'],
    place: 'Đức Trọng',
    sealText: 'TRUNG TÂM Y TẾ * HUYỆN ĐỨC TRỌNG *',
    signers: [{ authority: 'KT. GIÁM ĐỐC', title: 'PHÓ GIÁM ĐỐC' }, { title: 'GIÁM ĐỐC' }],
  },
  {
    parent: 'UBND TỈNH LÂM ĐỒNG',
    name: 'BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19',
    shortName: 'Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh',
    symbol: 'BCĐ',
    units: ['SYT'],
    place: 'Lâm Đồng',
    sealText: 'ỦY BAN NHÂN DÂN * TỈNH LÂM ĐỒNG *',
    signers: [{ authority: 'KT. TRƯỞNG BAN', title: 'PHÓ TRƯỞNG BAN' }, { title: 'TRƯỞNG BAN' }],
  },
];

/** Other official senders: their letters share the national template but not the topic. */
export const otherAgencies: readonly Agency[] = [
  {
    parent: 'UBND HUYỆN ĐỨC TRỌNG',
    name: 'PHÒNG GIÁO DỤC VÀ ĐÀO TẠO',
    shortName: 'Phòng Giáo dục và Đào tạo',
    symbol: 'PGDĐT',
    units: ['PGDĐT'],
    place: 'Đức Trọng',
    sealText: 'PHÒNG GIÁO DỤC VÀ ĐÀO TẠO * ĐỨC TRỌNG *',
    signers: [
      { authority: 'KT. TRƯỞNG PHÒNG', title: 'PHÓ TRƯỞNG PHÒNG' },
      { title: 'TRƯỞNG PHÒNG' },
    ],
  },
  {
    parent: 'CÔNG AN TỈNH LÂM ĐỒNG',
    name: 'PHÒNG CẢNH SÁT GIAO THÔNG',
    shortName: 'Phòng Cảnh sát giao thông',
    symbol: 'PC08',
    units: ['PC08'],
    place: 'Lâm Đồng',
    sealText: 'CÔNG AN TỈNH LÂM ĐỒNG * PHÒNG CSGT *',
    signers: [{ authority: 'KT. TRƯỞNG PHÒNG', title: 'PHÓ TRƯỞNG PHÒNG' }],
  },
  {
    parent: 'UBND TỈNH LÂM ĐỒNG',
    name: 'SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG',
    shortName: 'Sở Tài nguyên và Môi trường',
    symbol: 'STNMT',
    units: ['VP', 'QLĐĐ', 'MT'],
    place: 'Lâm Đồng',
    sealText: 'SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG * LÂM ĐỒNG *',
    signers: [{ authority: 'KT. GIÁM ĐỐC', title: 'PHÓ GIÁM ĐỐC' }],
  },
  {
    parent: 'UBND THÀNH PHỐ BẢO LỘC',
    name: 'ỦY BAN NHÂN DÂN PHƯỜNG LỘC PHÁT',
    shortName: 'UBND phường Lộc Phát',
    symbol: 'UBND',
    units: ['UBND'],
    place: 'Bảo Lộc',
    sealText: 'ỦY BAN NHÂN DÂN * PHƯỜNG LỘC PHÁT *',
    signers: [{ authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH' }],
  },
  {
    parent: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO LÂM ĐỒNG',
    name: 'TRƯỜNG THPT BẢO LỘC',
    shortName: 'Trường THPT Bảo Lộc',
    symbol: 'THPTBL',
    units: ['THPTBL'],
    place: 'Bảo Lộc',
    sealText: 'TRƯỜNG THPT BẢO LỘC * LÂM ĐỒNG *',
    signers: [{ title: 'HIỆU TRƯỞNG' }],
  },
];
