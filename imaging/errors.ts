/**
 * The one error type of the imaging library. `code` is stable (callers and the API switch on it);
 * `messages` tell a person, in Chinese and English, what went wrong and what to do.
 */
export interface Bilingual {
  zh: string;
  en: string;
}

type Params = Record<string, string | number>;

const catalogue = {
  empty_file: {
    zh: '文件为空，请重新上传照片。',
    en: 'The file is empty: upload the photo again.',
  },
  file_too_large: {
    zh: '文件过大（{bytes} 字节，上限 {maxBytes} 字节），请上传较小的照片。',
    en: 'The file is too large ({bytes} bytes, limit {maxBytes}): upload a smaller photo.',
  },
  not_an_image: {
    zh: '该文件不是图片，请上传 JPEG、PNG 或 WebP 照片。',
    en: 'This file is not an image: upload a JPEG, PNG or WebP photo.',
  },
  unsupported_format: {
    zh: '不支持 {format} 格式，请改用 JPEG、PNG 或 WebP 格式上传。',
    en: 'The {format} format is not supported here: upload a JPEG, PNG or WebP photo instead.',
  },
  truncated_image: {
    zh: '图片文件不完整（传输中断），请重新上传。',
    en: 'The image file is incomplete (cut off in transfer): upload it again.',
  },
  corrupt_image: {
    zh: '图片文件已损坏，无法读取，请重新拍摄或上传。',
    en: 'The image file is damaged and cannot be read: take or upload the photo again.',
  },
  image_too_large: {
    zh: '图片像素过多（{width}×{height}，上限 {maxPixels} 像素），请降低相机分辨率后重拍。',
    en: 'The image has too many pixels ({width}x{height}, limit {maxPixels}): lower the camera resolution and retake.',
  },
  image_too_small: {
    zh: '图片太小（{width}×{height}），请使用相机的正常分辨率拍摄。',
    en: 'The image is too small ({width}x{height}): capture at the camera’s normal resolution.',
  },
  model_missing: {
    zh: '缺少模型文件 {file}（目录 {dir}），请按 imaging/README.md 下载。',
    en: 'Model file {file} is missing from {dir}: fetch it as described in imaging/README.md.',
  },
  model_checksum_mismatch: {
    zh: '模型文件 {file} 的 SHA-256 校验失败（应为 {expected}，实为 {actual}），请重新下载。',
    en: 'Model file {file} fails its SHA-256 check (expected {expected}, got {actual}): download it again.',
  },
  model_not_listed: {
    zh: '模型文件 {file} 未列在 {dir}/SHA256SUMS 中，无法校验。',
    en: 'Model file {file} is not listed in {dir}/SHA256SUMS, so it cannot be verified.',
  },
  model_load_failed: {
    zh: '模型文件 {file} 无法加载：{reason}',
    en: 'Model file {file} could not be loaded: {reason}',
  },
  inference_thread_failed: {
    zh: '推理线程无法启动：{reason}',
    en: 'The inference thread could not start: {reason}',
  },
  profile_invalid: {
    zh: '规格文件 {file} 无效：{reason}',
    en: 'Profile file {file} is invalid: {reason}',
  },
  profile_unknown: {
    zh: '未知规格 {id}（可用：{known}）。',
    en: 'Unknown profile {id} (known: {known}).',
  },
  no_face: {
    zh: '照片中未检测到人脸，请正对镜头重新拍摄。',
    en: 'No face was found in the photo: face the camera and retake.',
  },
  multiple_faces: {
    zh: '照片中检测到 {count} 张人脸，画面中只能有被拍摄人一人。',
    en: '{count} faces were found: only the person being photographed may be in the picture.',
  },
  sheet_invalid: {
    zh: '无法排版：{reason}',
    en: 'Cannot lay out the sheet: {reason}',
  },
  pipeline_closed: {
    zh: '照片处理流水线已关闭。',
    en: 'The photo pipeline has been closed.',
  },
} satisfies Record<string, Bilingual>;

export type ImagingErrorCode = keyof typeof catalogue;

function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}

export function messagesFor(code: ImagingErrorCode, params: Params = {}): Bilingual {
  const entry = catalogue[code];
  return { zh: fill(entry.zh, params), en: fill(entry.en, params) };
}

export class ImagingError extends Error {
  readonly messages: Bilingual;

  constructor(
    readonly code: ImagingErrorCode,
    params: Params = {},
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    const messages = messagesFor(code, params);
    super(messages.en, options);
    this.name = 'ImagingError';
    this.messages = messages;
  }
}
