import type { Random } from '../random.js';
import { healthAgencies, otherAgencies, type Agency } from './agencies.js';
import { formatDate, type Block, type DocumentKind, type DocumentSpec } from './document-model.js';
import {
  address,
  formatPhone,
  lamDongUnits,
  patientCode,
  person,
  personName,
  type Person,
} from './people.js';

/**
 * Builders for the internal documents of the 2021 COVID-19 response (the kinds that leaked in
 * Lâm Đồng) and for letters of other agencies on the same national template. Content is
 * assembled from phrase banks with random people, places and dates, so two documents of the
 * same kind share the template and boilerplate but not their substance — exactly what makes
 * template look-alikes hard.
 */

function documentDate(random: Random): DocumentSpec['date'] {
  return { day: random.int(1, 28), month: random.int(6, 10), year: 2021 };
}

function shortDate(date: DocumentSpec['date'], offsetDays = 0): string {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + offsetDays));
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

function signerFor(random: Random, agency: Agency): DocumentSpec['signer'] {
  const role = random.pick(agency.signers);
  const sex = random.chance(0.6) ? 'Nam' : 'Nữ';
  return { ...role, name: personName(random, sex) };
}

function districtAndCommune(random: Random): { district: string; commune: string } {
  const district = random.pick(Object.keys(lamDongUnits));
  return { district, commune: random.pick(lamDongUnits[district] ?? ['Phường 1']) };
}

function idOf(p: Person): string {
  return p.cmnd ?? p.cccd;
}

const contactNotes = [
  'F1',
  'F1',
  'Đã lấy mẫu',
  'Cách ly tại nhà',
  'Cách ly tập trung',
  'Chờ kết quả',
  'Âm tính lần 1',
  '',
] as const;

const standardReceivers = (agency: Agency, random: Random): string[] =>
  random
    .sample(
      [
        'Như trên;',
        'UBND tỉnh (b/c);',
        'Ban Chỉ đạo PCD COVID-19 tỉnh (b/c);',
        'Giám đốc Sở Y tế (b/c);',
        'Trung tâm Kiểm soát bệnh tật tỉnh;',
        'UBND các huyện, thành phố;',
        'Trung tâm Y tế các huyện, thành phố;',
        'Công an tỉnh;',
        'Lãnh đạo đơn vị;',
      ],
      random.int(3, 5),
    )
    .concat([`Lưu: VT, ${random.pick(agency.units)}.`]);

function closeContactList(random: Random, agency: Agency, id: string): DocumentSpec {
  const date = documentDate(random);
  const source = patientCode(random);
  const { district, commune } = districtAndCommune(random);
  const people = Array.from({ length: random.int(8, 42) }, () =>
    person(random.fork(`p${random.int(0, 1e9)}`)),
  );
  const exposureDate = shortDate(date, -random.int(2, 6));
  const place = random.pick([
    `chợ ${commune.replace(/^(xã|thị trấn|Phường) /, '')}`,
    `bến xe liên tỉnh ${district.replace(/^(TP\.|huyện) /, '')}`,
    `Công ty TNHH ${random.pick(['Nông sản', 'Chè', 'Cà phê', 'Rau hoa', 'May mặc'])} ${random.pick(['Minh Phát', 'Thành Công', 'Lâm Viên', 'Đại Ninh', 'Phú Hội'])}`,
    `đám cưới tại ${address(random, district)}`,
    `nhà thờ giáo xứ ${random.pick(['Tân Hà', 'Bảo Lộc', 'Liên Nghĩa', 'Đại Ninh', 'Thạnh Mỹ'])}`,
  ]);
  return {
    id,
    kind: 'close-contact-list',
    agency,
    numberSymbol: `${random.int(12, 980)}/DS-${agency.symbol}`,
    place: agency.place,
    date,
    urgency: random.chance(0.3) ? 'KHẨN' : undefined,
    blocks: [
      {
        type: 'title',
        lines: [
          'DANH SÁCH',
          `Các trường hợp tiếp xúc gần (F1) với ca bệnh COVID-19 ${source}`,
          `tại ${commune}, ${district}`,
        ],
      },
      {
        type: 'paragraph',
        indent: true,
        text: `Thực hiện công tác điều tra dịch tễ, truy vết các trường hợp liên quan đến ca bệnh ${source} (có mặt tại ${place} ngày ${exposureDate}), ${agency.shortName} tổng hợp danh sách ${people.length} trường hợp tiếp xúc gần (F1) như sau:`,
      },
      {
        type: 'table',
        columns: [
          { title: 'STT', width: 5, align: 'center' },
          { title: 'Họ và tên', width: 18 },
          { title: 'Năm sinh', width: 7, align: 'center' },
          { title: 'Giới', width: 5, align: 'center' },
          { title: 'Số CCCD/CMND', width: 16, align: 'center' },
          { title: 'Điện thoại', width: 14, align: 'center' },
          { title: 'Địa chỉ', width: 25 },
          { title: 'Ghi chú', width: 10 },
        ],
        rows: people.map((p, i) => [
          String(i + 1),
          p.name,
          String(p.birthYear),
          p.sex,
          idOf(p),
          formatPhone(random, p.phone),
          p.address.replace(/, tỉnh Lâm Đồng$/, ''),
          random.pick(contactNotes),
        ]),
      },
      {
        type: 'paragraph',
        indent: true,
        text: random.pick([
          `Đề nghị UBND ${commune} phối hợp Trạm Y tế quản lý, giám sát chặt chẽ các trường hợp trên; tổ chức lấy mẫu xét nghiệm lần 1 trong ngày ${shortDate(date, 1)} và báo cáo kết quả về ${agency.shortName} trước 16 giờ hằng ngày.`,
          `Các trường hợp trên thực hiện cách ly y tế 14 ngày kể từ ngày tiếp xúc cuối cùng, xét nghiệm SARS-CoV-2 ba lần theo hướng dẫn của Bộ Y tế; Trung tâm Y tế ${district.replace(/^(TP\.|huyện) /, '')} chịu trách nhiệm theo dõi sức khỏe hằng ngày.`,
          `Thông tin trong danh sách chỉ phục vụ công tác phòng, chống dịch, không cung cấp cho tổ chức, cá nhân không có nhiệm vụ; yêu cầu các đơn vị bảo mật thông tin cá nhân của người dân theo quy định.`,
        ]),
      },
    ],
    receivers: standardReceivers(agency, random),
    signer: signerFor(random, agency),
    people,
  };
}

function quarantineDecision(random: Random, agency: Agency, id: string): DocumentSpec {
  const date = documentDate(random);
  const household = Array.from({ length: random.chance(0.4) ? random.int(2, 6) : 1 }, (_, i) =>
    person(random.fork(`member-${i}-${random.int(0, 1e9)}`)),
  );
  const first = household[0] as Person;
  const atHome = random.chance(0.6);
  const days = random.pick([14, 14, 21, 7]);
  const reason = random.pick([
    `là trường hợp tiếp xúc gần (F1) với ca bệnh ${patientCode(random)}`,
    'trở về từ vùng có dịch (Thành phố Hồ Chí Minh) theo Công điện của UBND tỉnh',
    'có kết quả xét nghiệm nhanh kháng nguyên dương tính với SARS-CoV-2, chờ khẳng định',
    `là người cùng nhà với trường hợp F1 liên quan ca bệnh ${patientCode(random)}`,
  ]);
  const subjects: Block[] =
    household.length === 1
      ? [
          {
            type: 'paragraph',
            indent: true,
            text: `Điều 1. Áp dụng biện pháp cách ly y tế ${atHome ? 'tại nhà' : 'tập trung'} đối với:`,
          },
          {
            type: 'paragraph',
            indent: true,
            text: `Ông/Bà: ${first.name}; Giới tính: ${first.sex}; Ngày sinh: ${first.birthDate}.`,
          },
          {
            type: 'paragraph',
            indent: true,
            text: `Số CCCD/CMND: ${idOf(first)}; Số điện thoại: ${formatPhone(random, first.phone)}; Nghề nghiệp: ${first.occupation}.`,
          },
          { type: 'paragraph', indent: true, text: `Nơi cư trú: ${first.address}.` },
        ]
      : [
          {
            type: 'paragraph',
            indent: true,
            text: `Điều 1. Áp dụng biện pháp cách ly y tế ${atHome ? 'tại nhà' : 'tập trung'} đối với ${household.length} người có tên sau đây, cùng cư trú tại ${first.address}:`,
          },
          {
            type: 'table',
            columns: [
              { title: 'TT', width: 6, align: 'center' },
              { title: 'Họ và tên', width: 28 },
              { title: 'Ngày sinh', width: 14, align: 'center' },
              { title: 'Số CCCD/CMND', width: 20, align: 'center' },
              { title: 'Điện thoại', width: 17, align: 'center' },
              { title: 'Quan hệ', width: 15, align: 'center' },
            ],
            rows: household.map((p, i) => [
              String(i + 1),
              p.name,
              p.birthDate,
              idOf(p),
              formatPhone(random, p.phone),
              i === 0 ? 'Chủ hộ' : random.pick(['Vợ', 'Chồng', 'Con', 'Mẹ', 'Bố', 'Cháu']),
            ]),
          },
        ];
  return {
    id,
    kind: 'quarantine-decision',
    agency,
    numberSymbol: `${random.int(100, 2400)}/QĐ-${agency.symbol}`,
    place: agency.place,
    date,
    blocks: [
      {
        type: 'title',
        lines: [
          'QUYẾT ĐỊNH',
          `Về việc cách ly y tế ${atHome ? 'tại nhà' : 'tại cơ sở cách ly tập trung'} để phòng, chống dịch COVID-19`,
        ],
      },
      { type: 'authority', text: `${agency.signers.at(-1)?.title ?? 'GIÁM ĐỐC'} ${agency.name}` },
      {
        type: 'paragraph',
        indent: true,
        italic: true,
        text: 'Căn cứ Luật Phòng, chống bệnh truyền nhiễm ngày 21 tháng 11 năm 2007;',
      },
      {
        type: 'paragraph',
        indent: true,
        italic: true,
        text: 'Căn cứ Nghị định số 101/2010/NĐ-CP ngày 30 tháng 9 năm 2010 của Chính phủ quy định chi tiết thi hành một số điều của Luật Phòng, chống bệnh truyền nhiễm về áp dụng biện pháp cách ly y tế, cưỡng chế cách ly y tế và chống dịch đặc thù trong thời gian có dịch;',
      },
      {
        type: 'paragraph',
        indent: true,
        italic: true,
        text: atHome
          ? 'Căn cứ Quyết định số 879/QĐ-BYT ngày 12 tháng 3 năm 2020 của Bộ Y tế về việc ban hành hướng dẫn cách ly y tế tại nhà, nơi lưu trú phòng chống dịch COVID-19;'
          : 'Căn cứ Quyết định số 878/QĐ-BYT ngày 12 tháng 3 năm 2020 của Bộ Y tế về việc ban hành hướng dẫn cách ly y tế tại cơ sở cách ly tập trung phòng chống dịch COVID-19;',
      },
      {
        type: 'paragraph',
        indent: true,
        italic: true,
        text: `Xét đề nghị của Trạm Y tế và Tổ COVID cộng đồng ${first.address.split(', ')[1] ?? 'địa phương'},`,
      },
      { type: 'title', lines: ['QUYẾT ĐỊNH:'] },
      ...subjects,
      { type: 'paragraph', indent: true, text: `Lý do cách ly: ${reason}.` },
      {
        type: 'paragraph',
        indent: true,
        text: `Thời gian cách ly: ${days} ngày, kể từ ngày ${shortDate(date)} đến hết ngày ${shortDate(date, days)}. Địa điểm cách ly: ${atHome ? 'tại nơi cư trú nêu trên' : random.pick(['Khu cách ly tập trung Ký túc xá Trường Cao đẳng Y tế Lâm Đồng', 'Khu cách ly tập trung Trường Chính trị tỉnh', 'Cơ sở cách ly tập trung huyện Đức Trọng'])}.`,
      },
      {
        type: 'paragraph',
        indent: true,
        text: 'Điều 2. Người được cách ly có trách nhiệm chấp hành nghiêm các quy định về cách ly y tế, tự theo dõi sức khỏe, đo thân nhiệt hai lần mỗi ngày và thông báo ngay cho cơ quan y tế khi có biểu hiện sốt, ho, khó thở.',
      },
      {
        type: 'paragraph',
        indent: true,
        text: `Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Trạm Y tế, Công an ${first.address.split(', ')[1] ?? 'xã'}, các đơn vị liên quan và ông/bà có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.`,
      },
    ],
    receivers: ['Như Điều 3;', 'UBND huyện (b/c);', `Lưu: VT, ${random.pick(agency.units)}.`],
    signer: signerFor(random, agency),
    people: household,
  };
}

function investigationReport(random: Random, agency: Agency, id: string): DocumentSpec {
  const date = documentDate(random);
  const caseCode = patientCode(random);
  const patient = person(random.fork(`patient-${random.int(0, 1e9)}`));
  const contacts = Array.from({ length: random.int(4, 12) }, (_, i) =>
    person(random.fork(`contact-${i}-${random.int(0, 1e9)}`)),
  );
  const { district, commune } = districtAndCommune(random);
  const itinerary: Block[] = Array.from({ length: random.int(3, 6) }, (_, i) => ({
    type: 'paragraph',
    indent: true,
    text: `- Ngày ${shortDate(date, -7 + i)}: ${random.pick([
      `đi làm tại ${random.pick(['vườn rau', 'xưởng may', 'cửa hàng tạp hóa', 'công trình xây dựng', 'nhà hàng'])} ở ${commune}, tiếp xúc với khoảng ${random.int(3, 30)} người`,
      `đi chợ ${random.pick(['Đà Lạt', 'Liên Nghĩa', 'Bảo Lộc', 'Di Linh', 'Nam Ban'])} từ ${random.int(6, 9)} giờ đến ${random.int(10, 11)} giờ, mua hàng tại nhiều sạp`,
      `dự tiệc tại nhà người thân ở ${address(random, district)}`,
      `đến khám tại Trạm Y tế ${commune} vì sốt nhẹ, ho khan`,
      `di chuyển bằng xe khách ${random.pick(['Phương Trang', 'Thành Bưởi', 'Liên Hưng'])} từ Thành phố Hồ Chí Minh về ${district}`,
      'ở nhà, không đi đâu, có người thân đến thăm',
    ])}.`,
  }));
  return {
    id,
    kind: 'investigation-report',
    agency,
    numberSymbol: `${random.int(40, 900)}/BC-${agency.symbol}`,
    place: agency.place,
    date,
    secret: random.chance(0.25) ? 'MẬT' : undefined,
    blocks: [
      {
        type: 'title',
        lines: ['BÁO CÁO', `Kết quả điều tra dịch tễ ca bệnh COVID-19 (${caseCode})`],
      },
      { type: 'heading', text: 'I. THÔNG TIN CA BỆNH' },
      {
        type: 'paragraph',
        indent: true,
        text: `Họ và tên: ${patient.name}; Giới tính: ${patient.sex}; Ngày sinh: ${patient.birthDate}; Nghề nghiệp: ${patient.occupation}.`,
      },
      {
        type: 'paragraph',
        indent: true,
        text: `Số CCCD: ${patient.cccd}; Điện thoại: ${formatPhone(random, patient.phone)}.`,
      },
      { type: 'paragraph', indent: true, text: `Nơi ở hiện nay: ${patient.address}.` },
      {
        type: 'paragraph',
        indent: true,
        text: `Ngày khởi phát: ${shortDate(date, -3)}; triệu chứng: ${random.pick(['sốt 38,5 độ, ho, đau họng', 'mệt mỏi, mất vị giác', 'không có triệu chứng', 'ho, khó thở nhẹ'])}. Ngày lấy mẫu: ${shortDate(date, -2)}; kết quả xét nghiệm RT-PCR dương tính với SARS-CoV-2 ngày ${shortDate(date, -1)}.`,
      },
      { type: 'heading', text: 'II. TIỀN SỬ DỊCH TỄ VÀ LỊCH TRÌNH DI CHUYỂN' },
      ...itinerary,
      { type: 'heading', text: 'III. CÁC TRƯỜNG HỢP TIẾP XÚC GẦN' },
      {
        type: 'table',
        columns: [
          { title: 'TT', width: 5, align: 'center' },
          { title: 'Họ và tên', width: 22 },
          { title: 'Năm sinh', width: 9, align: 'center' },
          { title: 'Số CCCD', width: 16, align: 'center' },
          { title: 'Điện thoại', width: 14, align: 'center' },
          { title: 'Mối liên hệ', width: 16 },
          { title: 'Xử lý', width: 18 },
        ],
        rows: contacts.map((c, i) => [
          String(i + 1),
          c.name,
          String(c.birthYear),
          c.cccd,
          formatPhone(random, c.phone),
          random.pick(['Người nhà', 'Đồng nghiệp', 'Hàng xóm', 'Khách hàng', 'Bạn']),
          random.pick(['Cách ly tại nhà', 'Cách ly tập trung', 'Đã lấy mẫu']),
        ]),
      },
      { type: 'heading', text: 'IV. CÁC BIỆN PHÁP ĐÃ TRIỂN KHAI' },
      {
        type: 'paragraph',
        indent: true,
        text: `Phong tỏa tạm thời khu vực ${address(random, district).split(', ').slice(0, 2).join(', ')}; phun khử khuẩn nơi ở và nơi làm việc của bệnh nhân; lấy ${random.int(40, 600)} mẫu xét nghiệm cộng đồng, kết quả ${random.pick(['đều âm tính', 'đang chờ', 'có 01 mẫu dương tính'])}.`,
      },
      { type: 'heading', text: 'V. ĐỀ XUẤT, KIẾN NGHỊ' },
      {
        type: 'paragraph',
        indent: true,
        text: random.pick([
          `Đề nghị Ban Chỉ đạo huyện chỉ đạo UBND ${commune} tiếp tục giám sát chặt chẽ khu vực phong tỏa, không để lây lan ra cộng đồng.`,
          'Đề nghị bổ sung sinh phẩm xét nghiệm và trang phục phòng hộ cho đội truy vết; đề nghị Công an tỉnh hỗ trợ xác minh lịch trình di chuyển của bệnh nhân.',
        ]),
      },
    ],
    receivers: standardReceivers(agency, random),
    signer: signerFor(random, agency),
    people: [patient, ...contacts],
  };
}

const letterSubjects = [
  'tăng cường công tác phòng, chống dịch COVID-19 trên địa bàn',
  'triển khai xét nghiệm SARS-CoV-2 cho người về từ vùng dịch',
  'quản lý, giám sát các trường hợp F1, F2 tại cộng đồng',
  'bảo mật thông tin cá nhân của người bệnh và người cách ly',
  'báo cáo số liệu tiêm chủng vắc xin phòng COVID-19',
  'thành lập Tổ COVID cộng đồng tại các thôn, tổ dân phố',
  'phân bổ sinh phẩm xét nghiệm nhanh kháng nguyên',
] as const;

function officialLetter(random: Random, agency: Agency, id: string): DocumentSpec {
  const date = documentDate(random);
  const subject = random.pick(letterSubjects);
  const { district } = districtAndCommune(random);
  const withList = random.chance(0.45);
  const people = withList
    ? Array.from({ length: random.int(3, 9) }, (_, i) =>
        person(random.fork(`l${i}-${random.int(0, 1e9)}`)),
      )
    : [];
  const paragraphs = random
    .sample(
      [
        `Thực hiện Công điện số ${random.int(100, 1200)}/CĐ-TTg ngày ${random.int(1, 28)}/${random.int(5, 8)}/2021 của Thủ tướng Chính phủ và chỉ đạo của UBND tỉnh Lâm Đồng về ${subject}, ${agency.shortName} đề nghị các đơn vị triển khai các nội dung sau:`,
        `Tình hình dịch bệnh COVID-19 trên địa bàn tỉnh diễn biến phức tạp; từ ngày ${shortDate(date, -10)} đến nay đã ghi nhận ${random.int(5, 240)} ca mắc mới, trong đó ${random.int(1, 40)} ca ghi nhận tại cộng đồng ${district}.`,
        `Rà soát, lập danh sách người dân đi về từ các tỉnh, thành phố có dịch; tổ chức lấy mẫu xét nghiệm và hướng dẫn theo dõi sức khỏe tại nhà trong thời gian 14 ngày.`,
        `Yêu cầu cán bộ, nhân viên y tế tuyệt đối không chụp, chia sẻ văn bản, danh sách có thông tin cá nhân của người bệnh, người cách ly lên mạng xã hội Facebook, Zalo dưới bất kỳ hình thức nào.`,
        `Tổng hợp kết quả thực hiện, gửi về ${agency.shortName} qua hộp thư điện tử trước ${random.int(8, 16)} giờ 00 ngày ${shortDate(date, random.int(2, 7))} để tổng hợp, báo cáo UBND tỉnh.`,
        `Thủ trưởng các đơn vị chịu trách nhiệm trước Giám đốc Sở Y tế nếu để xảy ra tình trạng lây nhiễm trong cơ sở khám bệnh, chữa bệnh do không thực hiện nghiêm các biện pháp phòng, chống dịch.`,
        `Phối hợp với lực lượng Công an, Quân sự và Tổ COVID cộng đồng kiểm tra việc chấp hành cách ly y tế tại nhà; xử lý nghiêm các trường hợp vi phạm theo quy định của pháp luật.`,
      ],
      random.int(3, 5),
    )
    .map((text): Block => ({ type: 'paragraph', indent: true, text }));
  const list: Block[] = withList
    ? [
        {
          type: 'paragraph',
          indent: true,
          text: 'Danh sách các trường hợp cần theo dõi, giám sát:',
        },
        {
          type: 'table',
          columns: [
            { title: 'TT', width: 6, align: 'center' },
            { title: 'Họ và tên', width: 26 },
            { title: 'Năm sinh', width: 10, align: 'center' },
            { title: 'Điện thoại', width: 17, align: 'center' },
            { title: 'Địa chỉ', width: 41 },
          ],
          rows: people.map((p, i) => [
            String(i + 1),
            p.name,
            String(p.birthYear),
            formatPhone(random, p.phone),
            p.address.replace(/, tỉnh Lâm Đồng$/, ''),
          ]),
        },
      ]
    : [];
  return {
    id,
    kind: 'official-letter',
    agency,
    numberSymbol: `${random.int(100, 3200)}/${agency.symbol}-${random.pick(agency.units)}`,
    place: agency.place,
    date,
    subjectLine: `V/v ${subject}`,
    urgency: random.chance(0.35) ? random.pick(['KHẨN', 'HỎA TỐC'] as const) : undefined,
    blocks: [
      {
        type: 'addressee',
        lines: random.sample(
          [
            'Trung tâm Kiểm soát bệnh tật tỉnh;',
            'Trung tâm Y tế các huyện, thành phố;',
            'Các bệnh viện trên địa bàn tỉnh;',
            'Phòng Y tế các huyện, thành phố;',
            'UBND các huyện, thành phố.',
          ],
          random.int(2, 3),
        ),
      },
      ...paragraphs,
      ...list,
      {
        type: 'paragraph',
        indent: true,
        text: `${agency.shortName} đề nghị các đơn vị khẩn trương triển khai thực hiện./.`,
      },
    ],
    receivers: standardReceivers(agency, random),
    signer: signerFor(random, agency),
    people,
  };
}

const otherTopics = [
  {
    subject: 'tổ chức khai giảng năm học 2021 - 2022',
    body: [
      'Căn cứ kế hoạch thời gian năm học 2021 - 2022 của UBND tỉnh, Phòng Giáo dục và Đào tạo hướng dẫn các trường tổ chức lễ khai giảng gọn nhẹ, bảo đảm an toàn.',
      'Các đơn vị chủ động xây dựng phương án dạy học trực tuyến, chuẩn bị sách giáo khoa và đồ dùng học tập cho học sinh có hoàn cảnh khó khăn.',
      'Hiệu trưởng các trường báo cáo kết quả tổ chức khai giảng về Phòng trước ngày 10 tháng 9.',
    ],
  },
  {
    subject: 'ra quân tổng kiểm soát phương tiện giao thông đường bộ',
    body: [
      'Thực hiện kế hoạch bảo đảm trật tự an toàn giao thông, Phòng Cảnh sát giao thông tổ chức đợt cao điểm kiểm soát xe khách, xe tải trên Quốc lộ 20 và Quốc lộ 27.',
      'Tập trung xử lý các hành vi vi phạm nồng độ cồn, chạy quá tốc độ, chở quá số người quy định.',
      'Kết quả thực hiện báo cáo về Phòng Tham mưu trước ngày 25 hằng tháng.',
    ],
  },
  {
    subject: 'lấy ý kiến về quy hoạch sử dụng đất giai đoạn 2021 - 2030',
    body: [
      'Sở Tài nguyên và Môi trường đề nghị các sở, ngành, UBND các huyện, thành phố góp ý dự thảo quy hoạch sử dụng đất giai đoạn 2021 - 2030.',
      'Văn bản góp ý gửi về Sở trước ngày 30 tháng 8 năm 2021, đồng thời gửi bản điện tử qua hệ thống quản lý văn bản.',
      'Quá thời hạn trên, đơn vị nào không có ý kiến xem như thống nhất với dự thảo.',
    ],
  },
  {
    subject: 'ra quân vệ sinh môi trường, khơi thông cống rãnh',
    body: [
      'UBND phường phát động ra quân vệ sinh môi trường trên địa bàn các tổ dân phố vào sáng Chủ nhật hằng tuần.',
      'Đề nghị Mặt trận Tổ quốc và các đoàn thể vận động hội viên tham gia, thu gom rác thải, phát quang bụi rậm.',
      'Tổ trưởng tổ dân phố báo cáo kết quả về UBND phường sau mỗi đợt ra quân.',
    ],
  },
  {
    subject: 'lịch kiểm tra học kỳ I năm học 2021 - 2022',
    body: [
      'Nhà trường thông báo lịch kiểm tra học kỳ I các khối lớp 10, 11 và 12 theo hình thức trực tiếp tại trường.',
      'Giáo viên chủ nhiệm thông báo đến học sinh và phụ huynh; học sinh có mặt trước giờ kiểm tra 15 phút.',
      'Tổ chuyên môn nộp đề kiểm tra và đáp án về Phó Hiệu trưởng chuyên môn theo đúng thời hạn.',
    ],
  },
] as const;

function otherAgencyLetter(random: Random, agency: Agency, id: string): DocumentSpec {
  const date = documentDate(random);
  const topic = random.pick(otherTopics);
  return {
    id,
    kind: 'other-agency-letter',
    agency,
    numberSymbol: `${random.int(20, 1500)}/${agency.symbol}${agency.units[0] === agency.symbol ? '' : `-${random.pick(agency.units)}`}`,
    place: agency.place,
    date,
    subjectLine: `V/v ${topic.subject}`,
    blocks: [
      {
        type: 'addressee',
        lines: random.sample(
          [
            'Các đơn vị trực thuộc;',
            'Các phòng, ban chuyên môn;',
            'Các tổ dân phố;',
            'Các trường học trên địa bàn.',
          ],
          2,
        ),
      },
      ...topic.body.map((text): Block => ({ type: 'paragraph', indent: true, text })),
      {
        type: 'paragraph',
        indent: true,
        text: 'Đề nghị các đơn vị nghiêm túc triển khai thực hiện./.',
      },
    ],
    receivers: ['Như trên;', 'Lãnh đạo đơn vị;', `Lưu: VT.`],
    signer: signerFor(random, agency),
    people: [],
  };
}

const builders: Record<
  Exclude<DocumentKind, 'other-agency-letter'>,
  (random: Random, agency: Agency, id: string) => DocumentSpec
> = {
  'close-contact-list': closeContactList,
  'quarantine-decision': quarantineDecision,
  'investigation-report': investigationReport,
  'official-letter': officialLetter,
};

export const healthDocumentKinds = Object.keys(builders) as (keyof typeof builders)[];

/** One internal health-sector document of the given kind, entirely determined by `random`. */
export function healthDocument(
  random: Random,
  kind: keyof typeof builders,
  id: string,
): DocumentSpec {
  const agency = random.pick(healthAgencies);
  return builders[kind](random, agency, id);
}

/** A letter of a non-health agency: same national template, unrelated content. */
export function otherAgencyDocument(random: Random, id: string): DocumentSpec {
  return otherAgencyLetter(random, random.pick(otherAgencies), id);
}

export { formatDate };
