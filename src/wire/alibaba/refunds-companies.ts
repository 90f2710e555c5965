/**
 * AR6's logistics companies (alibaba.logistics.OpQueryLogisticCompanyList [UPSTREAM] shape; the
 * list itself is [DESIGN]: the express companies a Chinese seller's return address usually takes).
 * AR5 accepts exactly these `companyNo` codes, as 1688's returnGoods accepts the codes of its list.
 */
export interface LogisticsCompany {
  id: string;
  companyName: string;
  companyNo: string;
  companyPhone: string;
  supportPrint: boolean;
  spelling: string;
}

export const LOGISTICS_COMPANIES: readonly LogisticsCompany[] = [
  { id: '7', companyName: '顺丰速运', companyNo: 'SF', companyPhone: '95338', supportPrint: true, spelling: 'shunfengsuyun' },
  { id: '2', companyName: '中通快递', companyNo: 'ZTO', companyPhone: '95311', supportPrint: true, spelling: 'zhongtongkuaidi' },
  { id: '3', companyName: '圆通速递', companyNo: 'YTO', companyPhone: '95554', supportPrint: true, spelling: 'yuantongsudi' },
  { id: '4', companyName: '申通快递', companyNo: 'STO', companyPhone: '95543', supportPrint: true, spelling: 'shentongkuaidi' },
  { id: '5', companyName: '韵达快递', companyNo: 'YUNDA', companyPhone: '95546', supportPrint: true, spelling: 'yundakuaidi' },
  { id: '8', companyName: '百世快递', companyNo: 'HTKY', companyPhone: '95320', supportPrint: true, spelling: 'baishikuaidi' },
  { id: '1', companyName: '中国邮政 EMS', companyNo: 'EMS', companyPhone: '11183', supportPrint: true, spelling: 'youzhengems' },
  { id: '9', companyName: '京东物流', companyNo: 'JD', companyPhone: '950616', supportPrint: false, spelling: 'jingdongwuliu' },
  { id: '10', companyName: '极兔速递', companyNo: 'JT', companyPhone: '956025', supportPrint: true, spelling: 'jitusudi' },
];

export function companyByNo(companyNo: string): LogisticsCompany | undefined {
  const wanted = companyNo.trim().toUpperCase();
  return LOGISTICS_COMPANIES.find((c) => c.companyNo === wanted);
}
