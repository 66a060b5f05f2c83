/**
 * The weights of the console's live face guide (a 320 px YuNet, run in the browser by onnxruntime-web): the
 * camera pages draw the face box and eye line from it and take the photo by themselves once the face is
 * placed. Checked against SHA256SUMS once, then kept in memory.
 */
import { readFaceGuideModel } from '../../imaging';
import { binary, defineRoute, type Route } from '../contract';
import { HttpProblem } from '../problems';

// The reason (which file, which folder) is the server's business: logged, not told to the caller.
const unavailable = (cause: unknown) =>
  Object.assign(
    new HttpProblem(503, 'face_guide_unavailable', {
      zh: '人脸引导模型暂时不可用，请手动拍照；已记录，请联系管理员',
      en: 'The face guide model is unavailable: take the photo by hand; this has been logged, contact an administrator',
    }),
    { cause },
  );

export function faceGuideRoutes({ modelsDir }: { modelsDir: string }): Route[] {
  let model: Promise<Buffer> | undefined;
  return [
    defineRoute({
      tags: ['captures'],
      method: 'get',
      path: '/face-guide/model',
      summary: "The live face guide's detector (ONNX), for the camera pages of the console and the phone",
      responses: { 200: binary('the YuNet 320x320 model', 'application/octet-stream') },
      problems: [503],
      handler: async (_input, _req, res) => {
        model ??= readFaceGuideModel(modelsDir).catch((err: unknown) => {
          model = undefined; // a missing file may be put in place without restarting the API
          throw unavailable(err);
        });
        res.type('application/octet-stream').send(await model);
      },
    }),
  ];
}
