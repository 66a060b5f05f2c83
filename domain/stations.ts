/** The demo regions and stations: seeded into the database and matched by the demo users in the Keycloak realm. */
import type { Station } from './cases';

type DemoStation = Omit<Station, 'regionNameZh' | 'regionNameEn'>;

export const demoRegions = [
  { id: 'shanghai', nameZh: '上海市', nameEn: 'Shanghai' },
  { id: 'hangzhou', nameZh: '杭州市', nameEn: 'Hangzhou' },
] as const;

export const demoStations: DemoStation[] = [
  {
    id: 'sh-pudong-ee',
    regionId: 'shanghai',
    network: 'police',
    nameZh: '上海市公安局浦东分局出入境接待大厅',
    nameEn: 'Pudong Exit-Entry Hall, Shanghai PSB',
  },
  {
    id: 'sh-xuhui-gov',
    regionId: 'shanghai',
    network: 'gov',
    nameZh: '徐汇区行政服务中心',
    nameEn: 'Xuhui Administrative Service Centre',
  },
  {
    id: 'hz-xihu-ps',
    regionId: 'hangzhou',
    network: 'police',
    nameZh: '杭州市公安局西湖分局户籍窗口',
    nameEn: 'Xihu Household Registration Window, Hangzhou PSB',
  },
  {
    id: 'hz-binjiang-gov',
    regionId: 'hangzhou',
    network: 'gov',
    nameZh: '滨江区政务服务中心',
    nameEn: 'Binjiang Government Service Centre',
  },
];
