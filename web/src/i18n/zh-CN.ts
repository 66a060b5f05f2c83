import chineseMessages from '@haxqer/ra-language-chinese';
import { mergeTranslations, type TranslationMessages } from 'ra-core';
import { residentIdProblemMessages } from '../../../domain/id-number';
import type { tongpaiEn } from './en';

/** @haxqer/ra-language-chinese was written for react-admin 4: these are the react-admin 5 messages it lacks. */
const reactAdmin5Additions = {
  ra: {
    action: { reset: '重置', search_columns: '搜索列', select_all_button: '全选' },
    page: { access_denied: '拒绝访问', authentication_error: '认证错误' },
    message: {
      access_denied: '您没有访问此页面的权限',
      authentication_error: '认证服务器返回错误，无法验证您的身份。',
      select_all_limit_reached: '元素过多，无法全部选中，仅选中了前 %{max} 个。',
      placeholder_data_warning: '网络问题：数据刷新失败。',
    },
    navigation: { clear_filters: '清除筛选条件', no_filtered_results: '按当前筛选条件未找到%{name}。' },
    auth: { email: '电子邮箱' },
    notification: { offline: '网络未连接，无法获取数据。' },
    validation: { unique: '必须唯一' },
    guesser: { empty: { title: '没有可显示的数据', message: '请检查数据提供者' } },
  },
};

export const tongpaiZhCN: typeof tongpaiEn = {
  resources: {
    cases: {
      name: '照片业务',
      fields: {
        id: '业务编号',
        q: '搜索姓名或证件号码',
        status: '状态',
        category: '人员类别',
        personName: '姓名',
        idNumber: '证件号码',
        idNumberMasked: '证件号码',
        stationId: '受理点',
        regionId: '地区',
        operatorUsername: '采集人员',
        capturedAt: '采集时间',
        updatedAt: '更新时间',
        workflowId: '工作流',
        device: '采集设备',
        failureReason: '失败原因',
        verdict: '质检结论',
        failingChecks: '未通过的检查',
        master: {
          sha256: '原图 SHA-256',
          mimeType: '原图格式',
          bytes: '原图大小（字节）',
          width: '宽度（像素）',
          height: '高度（像素）',
        },
      },
      sections: {
        person: '人员信息',
        capture: '采集信息',
        master: '原图',
        quality: '质量检查',
        photos: '标准证件照',
        preview: '检测标注',
      },
    },
    captures: {
      name: '照片采集',
      page: { create: '新建采集' },
      fields: {
        photo: '照片',
        personName: '姓名',
        idNumber: '证件号码',
        category: '人员类别',
        stationId: '受理点',
        device: '采集设备',
      },
      notifications: { created: '已受理：照片正在处理' },
    },
    stations: {
      name: '受理点',
      fields: {
        id: '编码',
        nameZh: '中文名称',
        nameEn: '英文名称',
        regionId: '地区',
        network: '网络',
      },
    },
  },
  tongpai: {
    title: '通拍',
    menu: { new_capture: '新建采集' },
    sheet: { '6inch': '6 寸', '5inch': '5 寸', a4: 'A4' },
    verdict: {
      pass: '合格',
      review: '需人工审核',
      retake: '需重拍',
    },
    status: {
      received: '已接收',
      processing: '处理中',
      processed: '已处理（分流中）',
      awaiting_retake: '待重拍',
      in_review: '待审核',
      awaiting_second_approval: '待复核',
      approved: '已批准',
      issued: '已签发',
      rejected: '已驳回',
      abandoned: '已放弃',
      failed: '失败',
      superseded: '已被取代',
      revoked: '已撤销',
    },
    category: {
      resident: '内地居民',
      hk_macao_taiwan: '港澳台居民',
      foreigner: '外国人',
      military: '军人',
    },
    role: {
      operator: '窗口操作员',
      reviewer: '审核员',
      supervisor: '主管',
      auditor: '审计员',
      admin: '管理员',
      citizen: '市民',
      third_party: '第三方',
    },
    network: { police: '公安网', gov: '政务网' },
    errors: {
      session_expired: '登录已失效，请重新登录。',
      auth_server_unreachable: '无法连接登录服务器，请稍后重试。',
      access_denied: '拒绝访问：您的角色无权进行此操作。',
    },
    validation: {
      id_number: {
        format: residentIdProblemMessages.format.zh,
        birth_date: residentIdProblemMessages.birth_date.zh,
        checksum: residentIdProblemMessages.checksum.zh,
      },
    },
    capture: {
      id_number_hint: '居民身份证号码在提交前按 GB 11643 校验。',
      station_hint: '您所在的受理点，取自您的账号。',
      device_hint: '所用相机或设备，例如下方选择的摄像头。',
      photo: {
        camera: '摄像头',
        file: '文件',
        choose_camera: '选择摄像头',
        take: '拍照',
        retake: '重新拍摄',
        choose_file: '选择照片文件',
        change_file: '另选文件',
        starting: '正在启动摄像头…',
        preview_alt: '待提交的照片',
        camera_denied: '浏览器未获准使用摄像头。请允许访问，或选择文件。',
        camera_missing: '未找到摄像头。请连接摄像头，或选择文件。',
        camera_insecure: '摄像头只能在安全页面（https 或 localhost）中使用，请改为选择文件。',
        camera_failed: '无法启动摄像头：%{reason}',
      },
    },
    case: {
      title: '%{name} 的照片业务',
      master_alt: '该业务的原图',
      preview_alt: '标注了人脸、关键点和各规格裁剪框的原图',
      image_unavailable: '无法加载图片：%{reason}',
      all_checks_pass: '所有检查均已通过。',
      no_photos: '没有可生成的标准照：请按上方未通过的检查重新采集。',
      not_usable: '不可签发',
      print_sheet: '打印排版（PDF）',
      sheet_failed: '无法生成打印排版：%{reason}',
      photo_size: '%{width}×%{height} 像素 · %{dpi} dpi · %{kb} KB',
      refreshing: '处理中，自动刷新',
    },
  },
};

/** Deep-merged: the react-admin 4 base, the react-admin 5 additions, then Tongpai's messages. */
const merged: TranslationMessages = mergeTranslations(chineseMessages, reactAdmin5Additions, tongpaiZhCN);
// react-admin 5 renamed this key (now `ra.navigation.previous`, present in the base); drop the stale one.
delete (merged.ra.navigation as Record<string, unknown>).prev;

export const zhCN = merged;
