/** The phone self-capture page's messages (`tongpai.self_capture.*`), Chinese first; merged by i18n/*.ts. */
export const selfCaptureEn = {
  menu: 'Take my photo',
  title: 'Take your ID photo',
  intro:
    'Face the front camera in good light, against a plain wall. The photo is taken by itself once your face is in the oval, level and still.',
  uploading: 'Sending your photo…',
  checking: 'Checking your photo…',
  case_id: 'Case %{id}',
  outcome: {
    in_review: 'A member of staff reviews your photo before it is issued; this page shows their decision.',
    awaiting_second_approval: 'Your photo is waiting for a second approval.',
    approved: 'Your photo was approved and is being issued.',
    issued: 'Your photo has been issued.',
    awaiting_retake: 'Please take your photo again: see the reasons below.',
    rejected: 'Your photo was rejected. Please visit a service window.',
    abandoned: 'This case was closed because no new photo came in time. Take a new photo.',
    failed: 'Your photo could not be used: %{reason}',
  },
  reasons: 'Reasons',
  retake: 'Take again (same case)',
  new_capture: 'Take a new photo',
  send_failed: 'Your photo was not sent: %{reason}',
};

export const selfCaptureZhCN: typeof selfCaptureEn = {
  menu: '自助拍照',
  title: '自助拍摄证件照',
  intro: '请在光线充足、背景素净的地方，正对前置摄像头。面部进入椭圆框、摆正并保持不动后，会自动拍照。',
  uploading: '正在上传照片…',
  checking: '正在检测照片…',
  case_id: '业务编号 %{id}',
  outcome: {
    in_review: '照片签发前需由工作人员人工审核，审核结果将显示在本页。',
    awaiting_second_approval: '照片正在等待复核。',
    approved: '照片已批准，正在签发。',
    issued: '照片已签发。',
    awaiting_retake: '请重新拍照，原因见下。',
    rejected: '照片未通过审核，请到窗口办理。',
    abandoned: '因未按时重拍，该业务已关闭。请重新拍照。',
    failed: '照片无法使用：%{reason}',
  },
  reasons: '原因',
  retake: '重新拍照（同一业务）',
  new_capture: '重新开始拍照',
  send_failed: '照片未能上传：%{reason}',
};
