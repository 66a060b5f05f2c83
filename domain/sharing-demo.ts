/**
 * The demo catalogue and organisations, seeded with the demo stations. Their clients and the department user
 * are in the demo realm (docker/keycloak/tongpai-realm.json): keep the ids in step.
 */
import type { CatalogueEntryInput, OrganisationInput } from './sharing';

export const demoCatalogue: CatalogueEntryInput[] = [
  {
    id: 'resident-photo',
    name: '居民证件照片查询',
    description: '按身份证号码查询已签发的标准证件照片及其证书（依申请开放）',
    service: 'photo_lookup',
    profiles: ['id_card', 'face_compare'],
    matters: [
      { code: 'social-security-card', name: '社保卡办理' },
      { code: 'medical-insurance', name: '医保参保登记' },
      { code: 'civil-affairs', name: '民政业务办理' },
      { code: 'security-guard', name: '保安员证核发' },
      { code: 'household-registration', name: '户籍业务办理' },
      { code: 'exit-entry', name: '出入境证件办理' },
    ],
    networks: ['police', 'gov'],
    defaultLimits: { ratePerMinute: 600, dailyQuota: 20_000, validityDays: 365 },
  },
  {
    id: 'photo-tools',
    name: '照片检测与制作组件',
    description: '翻拍检测、裁剪与质量检测：返回检测结论，或按规格生成标准照片（不留存照片）',
    service: 'imaging_tools',
    profiles: ['id_card', 'exit_entry', 'driving_licence', 'face_compare'],
    matters: [],
    networks: ['police', 'gov'],
    defaultLimits: { ratePerMinute: 60, dailyQuota: 5_000, validityDays: 365 },
  },
];

export const demoOrganisations: OrganisationInput[] = [
  {
    id: 'sh-social-security',
    name: '上海市社会保险事业管理中心',
    kind: 'department',
    network: 'gov',
    contacts: [
      {
        name: '周敏',
        phone: '021-0000-0001',
        email: 'dept.shebao@demo.tongpai.example',
        username: 'dept.shebao',
      },
    ],
    clientIds: ['demo-shebao'],
  },
  {
    id: 'sh-pudong-police',
    name: '上海市公安局浦东分局',
    kind: 'police_unit',
    network: 'police',
    contacts: [{ name: '陈刚', phone: '021-0000-0002', email: '' }],
    clientIds: ['demo-police-unit'],
  },
];
