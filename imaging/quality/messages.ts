/**
 * What each check tells a person, in zh-CN and English: a passing line, and for a failure the reason and
 * what to do ("turn your head slightly to your left"). Directions are the subject's own (their left).
 */
import { type Bilingual } from '../errors';
import { type CheckId } from '../profiles/schema';

/** Checks from the profile's threshold table, plus the file size (whose range is the profile's KB range). */
export type ReportCheckId = CheckId | 'file_size';

export interface MessageContext {
  value: number;
  /** Below the pass range (true) or above it (false). */
  low: boolean;
  /** Side-specific detail: which cheek is darker, which eye shows glare. */
  side?: 'right' | 'left';
  profileName?: Bilingual;
  /** Free detail (e.g. the unmet geometry rules). */
  detail?: Bilingual;
}

const sideZh = (side: 'right' | 'left' | undefined) => (side === 'left' ? '左' : '右');
const n = (v: number, digits = 1) => (Math.round(v * 10 ** digits) / 10 ** digits).toString();

export const checkNames: Record<ReportCheckId, Bilingual> = {
  single_face: { zh: '单一人脸', en: 'single face' },
  face_crop: { zh: '面部完整', en: 'whole face in the frame' },
  source_resolution: { zh: '原片分辨率', en: 'source resolution' },
  inter_eye_distance: { zh: '两眼间距', en: 'inter-eye distance' },
  yaw: { zh: '头部左右转动', en: 'head turn (yaw)' },
  pitch: { zh: '头部俯仰', en: 'head tilt up/down (pitch)' },
  roll: { zh: '头部歪斜', en: 'head tilt sideways (roll)' },
  eyes_open: { zh: '睁眼', en: 'eyes open' },
  mouth_closed: { zh: '闭嘴', en: 'mouth closed' },
  eyes_visible: { zh: '双眼可见', en: 'both eyes visible' },
  eye_glare: { zh: '眼部无反光', en: 'no glare over the eyes' },
  luminance_mean: { zh: '面部亮度', en: 'face brightness' },
  over_exposure: { zh: '过曝', en: 'over-exposure' },
  under_exposure: { zh: '欠曝', en: 'under-exposure' },
  dynamic_range: { zh: '面部对比度', en: 'face contrast (dynamic range)' },
  exposure_balance: { zh: '面部与背景亮度平衡', en: 'face-to-background balance' },
  illumination_uniformity: { zh: '面部光照均匀', en: 'even lighting on the face' },
  sharpness: { zh: '清晰度', en: 'sharpness' },
  noise: { zh: '噪点', en: 'noise' },
  compression_artefacts: { zh: '压缩痕迹', en: 'compression artefacts' },
  natural_colour: { zh: '肤色自然', en: 'natural colour' },
  colour_cast: { zh: '无偏色', en: 'no colour cast' },
  background_uniformity: { zh: '背景均匀', en: 'plain background' },
  background_objects: { zh: '背景无物体', en: 'nothing beside the head in the background' },
  background_colour: { zh: '背景颜色', en: 'background colour' },
  presentation_attack: { zh: '非翻拍', en: 'live capture (not a photo of a photo)' },
  recapture_pattern: { zh: '无屏幕或印刷纹理', en: 'no screen or print pattern' },
  crop_geometry: { zh: '构图尺寸', en: 'framing rules' },
  file_size: { zh: '文件大小', en: 'file size' },
};

export function failureMessage(id: ReportCheckId, ctx: MessageContext): Bilingual {
  const { value, low } = ctx;
  switch (id) {
    case 'single_face':
      return value === 0
        ? { zh: '未检测到人脸，请正对镜头重新拍摄。', en: 'No face found: face the camera and retake.' }
        : {
            zh: `检测到 ${value} 张人脸，画面中只能有被拍摄人一人。`,
            en: `${value} faces found: only the person being photographed may be in the picture.`,
          };
    case 'face_crop':
      return {
        zh: '部分面部超出画面，请让被拍摄人位于画面中央后重拍。',
        en: 'Part of the face is outside the photo: centre the person in the frame and retake.',
      };
    case 'source_resolution':
      return {
        zh: `人脸在原片中过小，需要放大 ${n(value, 2)} 倍：请靠近拍摄或提高相机分辨率。`,
        en: `The face is too small in the photo (it would need ${n(value, 2)}x enlargement): move the camera closer or use a higher resolution.`,
      };
    case 'inter_eye_distance':
      return {
        zh: `两眼间距仅 ${n(value, 0)} 像素：请靠近拍摄，使面部在画面中更大。`,
        en: `The eyes are only ${n(value, 0)} px apart: move the camera closer so the face is larger.`,
      };
    case 'yaw':
      // Positive yaw: the face turns toward the image right, i.e. the subject's left.
      return value > 0
        ? {
            zh: '头部偏向左侧：请将头稍向右转，正对镜头。',
            en: 'The head is turned to your left: turn it slightly to your right to face the camera.',
          }
        : {
            zh: '头部偏向右侧：请将头稍向左转，正对镜头。',
            en: 'The head is turned to your right: turn it slightly to your left to face the camera.',
          };
    case 'pitch':
      return value > 0
        ? { zh: '头部上仰：请稍微收下巴。', en: 'The head is tilted up: lower your chin slightly.' }
        : { zh: '头部低垂：请稍微抬起下巴。', en: 'The head is tilted down: raise your chin slightly.' };
    case 'roll':
      // Positive roll: the image-right eye (the subject's left eye) is lower.
      return value > 0
        ? {
            zh: '头部向左肩倾斜：请把头摆正。',
            en: 'The head leans toward your left shoulder: hold it upright.',
          }
        : {
            zh: '头部向右肩倾斜：请把头摆正。',
            en: 'The head leans toward your right shoulder: hold it upright.',
          };
    case 'eyes_open':
      return {
        zh: '眼睛未完全睁开：请睁大双眼，注视镜头。',
        en: 'The eyes are not fully open: open both eyes and look at the camera.',
      };
    case 'mouth_closed':
      return {
        zh: '嘴巴张开或在笑：请闭上嘴，保持自然表情。',
        en: 'The mouth is open or smiling: close your mouth and keep a neutral expression.',
      };
    case 'eyes_visible':
      return {
        zh: `${sideZh(ctx.side)}眼被遮挡或看不清（墨镜、头发、手）：请露出双眼后重拍。`,
        en: `The ${ctx.side ?? 'right'} eye cannot be seen (dark glasses, hair or a hand over it): uncover both eyes and retake.`,
      };
    case 'eye_glare':
      return {
        zh: `${sideZh(ctx.side)}眼有反光：请摘下眼镜，或调整灯光和镜片角度。`,
        en: `Glare over the ${ctx.side ?? 'right'} eye: remove your glasses, or change the light or the angle of the lenses.`,
      };
    case 'luminance_mean':
      return low
        ? {
            zh: '面部太暗：请增加正面照明或提高曝光。',
            en: 'The face is too dark: add light in front of the person or increase the exposure.',
          }
        : {
            zh: '面部太亮：请减弱灯光或降低曝光。',
            en: 'The face is too bright: reduce the light or the exposure.',
          };
    case 'over_exposure':
      return {
        zh: '面部有过曝（纯白）区域：请减弱灯光或降低曝光。',
        en: 'Parts of the face are blown out to white: reduce the light or the exposure.',
      };
    case 'under_exposure':
      return {
        zh: '面部有过暗无细节区域：请为面部补光。',
        en: 'Parts of the face are lost in shadow: add light to the face.',
      };
    case 'dynamic_range':
      return {
        zh: '面部对比度不足（灰暗或发白）：请检查照明和曝光。',
        en: 'The face lacks contrast (dull or washed out): check the lighting and the exposure.',
      };
    case 'exposure_balance':
      return {
        zh: '面部比背景暗得多（逆光）：请从正面给面部补光，或调暗背景灯光，不要背对窗户。',
        en: 'The face is much darker than the background (light from behind): light the face from the front or dim the background light, and do not sit with a window behind you.',
      };
    case 'illumination_uniformity':
      return {
        zh: `面部${sideZh(ctx.side)}侧偏暗：请让灯光均匀照亮面部两侧，去除阴影。`,
        en: `Your ${ctx.side ?? 'right'} cheek is darker: light both sides of the face evenly, without shadows.`,
      };
    case 'sharpness':
      return {
        zh: '照片模糊：请保持相机稳定，对焦在眼睛上后重拍。',
        en: 'The photo is blurred: hold the camera still, focus on the eyes and retake.',
      };
    case 'noise':
      return {
        zh: '照片噪点过多（颗粒感）：请增加照明，降低相机感光度（ISO）后重拍。',
        en: 'The photo is noisy (grainy): add light and lower the camera’s ISO, then retake.',
      };
    case 'compression_artefacts':
      return {
        zh: '照片压缩过度（有方块痕迹）：请上传相机原始文件。',
        en: 'The photo is heavily compressed (blocky): upload the camera’s original file.',
      };
    case 'natural_colour':
      return {
        zh: '肤色不自然（偏色）：请按现场灯光设置白平衡。',
        en: 'The skin colour looks unnatural (colour cast): set the white balance for the lights used.',
      };
    case 'colour_cast':
      return {
        zh: '照片偏色（眼白不是白色）：请按现场灯光设置白平衡，避免彩色光照射面部。',
        en: 'The photo has a colour cast (the whites of the eyes are tinted): set the white balance for the lights and keep coloured light off the face.',
      };
    case 'background_uniformity':
      return {
        zh: '背景不是单一纯色（有杂物或图案）：请在纯色背景前拍摄。',
        en: 'The background is not plain (objects or patterns): photograph in front of a plain backdrop.',
      };
    case 'background_objects':
      return {
        zh: '背景中头部旁边有物体（门、柜子、旗帜等）：请移走物体，或在纯色背景前重拍。',
        en: 'There is something in the background beside the head (a door, furniture, a flag): move it away or photograph in front of a plain backdrop.',
      };
    case 'background_colour':
      return {
        zh: '背景颜色过于鲜艳：请使用白色或浅灰色背景。',
        en: 'The background is strongly coloured: use a white or light grey backdrop.',
      };
    case 'presentation_attack':
      return {
        zh: '疑似翻拍（照片或屏幕）：请工作人员核对，确认是现场拍摄本人。',
        en: 'This may be a photo of a photo or of a screen: staff should confirm the person was photographed directly.',
      };
    case 'recapture_pattern':
      return {
        zh: '照片中有屏幕或印刷品的纹理（摩尔纹、网点）：疑似翻拍，请工作人员核对，确认是现场拍摄本人。',
        en: 'The photo shows the pattern of a screen or a print (moire, halftone dots): it may be a photo of a photo; staff should confirm the person was photographed directly.',
      };
    case 'crop_geometry':
      return {
        zh: `无法满足${ctx.profileName?.zh ?? ''}的构图要求：${ctx.detail?.zh ?? ''}`,
        en: `The ${ctx.profileName?.en ?? ''} framing rules cannot all be met: ${ctx.detail?.en ?? ''}`,
      };
    case 'file_size':
      return low
        ? {
            zh: '文件小于规定大小（不会填充字节）：请检查原片质量。',
            en: 'The file is below the required size (it is never padded): check the master’s quality.',
          }
        : {
            zh: '即使用最低质量，文件仍大于规定大小。',
            en: 'Even at the lowest allowed quality the file is above the size limit.',
          };
  }
}

export function passMessage(id: ReportCheckId): Bilingual {
  const name = checkNames[id];
  return { zh: `${name.zh}：合格`, en: `${name.en}: OK` };
}
