/** The receiver and address most tests order with: a Taobao `receiver` and a 1688 `addressParam`. */
export const TAOBAO_RECEIVER = {
  name: '张三',
  mobile_phone: '13800000000',
  phone: '',
  country: '中国',
  state: '浙江省',
  city: '杭州市',
  district: '余杭区',
  address: '文一西路 969 号',
  zip: '311100',
};

export const ALIBABA_ADDRESS = {
  fullName: 'zhang',
  mobile: '18600888861',
  phone: '18600888861',
  postCode: '100000',
  cityText: '杭州市',
  provinceText: '浙江省',
  areaText: '西湖区',
  townText: '转塘',
  address: 'xxxxxxx',
};

/** A 1688 `addressParam` with only the members order creation requires. */
export const FAST_ADDRESS = {
  fullName: '张三',
  mobile: '13800000000',
  provinceText: '浙江省',
  cityText: '杭州市',
  areaText: '余杭区',
  address: '文一西路 969 号',
};

/** An overseas receiver of the warehouse-logistics family (ReceiverAddressTO, pandapon-api.md §8.13 example). */
export const US_RECEIVER = {
  name: 'Ofir Birinbaum',
  country: 'US',
  state: 'California',
  city: 'VALLEY VLG',
  zip: '91607',
  address: '5818 WHITSETT AVE 401',
};
