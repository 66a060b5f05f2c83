/**
 * Where each model file comes from: a public repository at a pinned commit, and the sha256 it must have. The
 * README's "Model weights" table and manual steps say the same; `npm start` fetches from here (stack/models.ts).
 */
export interface ModelSource {
  file: string;
  repository: string;
  commit: string;
  path: string;
  sha256: string;
}

const yunet = {
  repository: 'ShiqiYu/libfacedetection.train',
  commit: '0047ac24afb1a50a0c6105001c89d1b5b805dbf1',
};
const obs = {
  repository: 'locaal-ai/obs-backgroundremoval',
  commit: 'b86bf8b578c324741c2ee11a5856be7ff91cfdf8',
};
const fas = { repository: 'yakhyo/face-anti-spoofing', commit: 'c175efef505bc275f7835cc9aa2aecab305ac184' };

export const modelSources: readonly ModelSource[] = [
  {
    file: 'yunet_n_320_320.onnx',
    ...yunet,
    path: 'onnx/yunet_n_320_320.onnx',
    sha256: '81dbde155e982455488235acb8ec2dec5d647edf7cf7080d33e4abb69b93a0d2',
  },
  {
    file: 'yunet_s_640_640.onnx',
    ...yunet,
    path: 'onnx/yunet_s_640_640.onnx',
    sha256: '8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4',
  },
  {
    file: 'yunet_n_dynamic.onnx',
    ...yunet,
    path: 'onnx/yunet_n_dynamic.onnx',
    sha256: '104ee26c71d5c270ce79a6b3dced91c91013260d29a6bf18f9296c5b8c4c2b12',
  },
  {
    file: 'face_mesh_468.onnx',
    repository: 'keijiro/FaceMeshBarracuda',
    commit: 'f5b43c9da884786d27ad50b0529111139dc8eed1',
    path: 'Packages/jp.keijiro.mediapipe.facemesh/ONNX/face_landmark_barracuda.onnx',
    sha256: 'ed487104519b0a88cb2cb2ec3678e183f447fb9dd63560998e960ffbaa8fb335',
  },
  {
    file: 'selfie_segmentation.onnx',
    ...obs,
    path: 'data/models/selfie_segmentation.onnx',
    sha256: '1511ab5564cb0ae179cba9bcad6ad931003ccc71656f11fd270967023678c6a5',
  },
  {
    file: 'sinet_portrait_segmentation.onnx',
    ...obs,
    path: 'data/models/SINet_Softmax_simple.onnx',
    sha256: '17a75acc69747e443717dfaef152ee3c4615f2d81b0269f7c0224c47584af46a',
  },
  {
    file: 'minifasnet_v2.onnx',
    ...fas,
    path: 'weights/MiniFASNetV2.onnx',
    sha256: '4eed38f0bde33c9b805942a5f25e42ce1161e2bda545254be622be957727794e',
  },
  {
    file: 'minifasnet_v1se.onnx',
    ...fas,
    path: 'weights/MiniFASNetV1SE.onnx',
    sha256: 'd819a69bac6b9ade2a0f4d9b60b618e1260f7bf3ba1fddff6c5d82131cb1083f',
  },
];

export const sourceUrl = (baseUrl: string, source: ModelSource) =>
  `${baseUrl.replace(/\/+$/, '')}/${source.repository}/${source.commit}/${source.path}`;

/** The SHA256SUMS file of a complete models folder, as sha256sum writes it. */
export const checksumsFile = () =>
  [...modelSources]
    .sort((a, b) => a.file.localeCompare(b.file))
    .map((s) => `${s.sha256}  ${s.file}\n`)
    .join('');
