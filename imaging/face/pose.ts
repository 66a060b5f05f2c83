/**
 * Head pose from the 3-D face mesh: a weighted similarity (Horn's quaternion method) aligns rigid mesh
 * points (nose, eye corners, face contour; no lids or lips, which move with expression) to the same points
 * of MediaPipe's canonical face model, as MediaPipe's own face-geometry module does.
 *
 * Canonical coordinates: mediapipe/modules/face_geometry/data/canonical_face_model.obj (Apache-2.0),
 * centimetres, x toward the image right, y up, z toward the camera. Right-side points are the mirror
 * images (x negated) of their left partners.
 */
import { type Point3 } from './mesh';

type Vec3 = [number, number, number];

/** [landmark index, x, y, z] of the centre line. */
const centre: [number, Vec3][] = [
  [1, [0, -1.126865, 7.475604]],
  [4, [0, -0.46317, 7.58658]],
  [5, [0, 0.365669, 7.24287]],
  [6, [0, 2.473255, 5.788627]],
  [168, [0, 3.271027, 5.236015]],
  [197, [0, 1.728369, 6.31675]],
  [195, [0, 1.059413, 6.774605]],
  [2, [0, -2.089024, 6.058267]],
  [94, [0, -1.724003, 6.60139]],
  [8, [0, 4.019042, 5.284764]],
  [9, [0, 4.885979, 5.385258]],
  [151, [0, 6.54539, 5.027311]],
  [10, [0, 8.261778, 4.481535]],
  [152, [0, -9.403378, 4.264492]],
];

/** [left index, right index, x, y, z of the left point]. */
const pairs: [number, number, Vec3][] = [
  [33, 263, [-4.445859, 2.663991, 3.173422]],
  [133, 362, [-1.856432, 2.585245, 3.757904]],
  [234, 454, [-7.664182, 0.673132, -2.435867]],
  [127, 356, [-7.743095, 2.364999, -2.005167]],
  [93, 323, [-7.542244, -1.049282, -2.431321]],
  [132, 361, [-7.270895, -2.890917, -2.252455]],
  [58, 288, [-6.719682, -4.788645, -1.745401]],
  [172, 397, [-5.940524, -6.223629, -0.631468]],
  [136, 365, [-5.085276, -7.17859, 0.714711]],
  [150, 379, [-4.068926, -7.993109, 1.925119]],
  [149, 378, [-3.210651, -8.533278, 2.802001]],
  [176, 400, [-2.308977, -8.974196, 3.60907]],
  [148, 377, [-1.292924, -9.29592, 4.094063]],
  [162, 389, [-7.555811, 4.106811, -0.991917]],
  [21, 251, [-7.08796, 5.434801, 0.09962]],
  [54, 284, [-6.279331, 6.615427, 1.42585]],
  [103, 332, [-5.133204, 7.485602, 2.660442]],
  [67, 297, [-3.523964, 8.005976, 3.729163]],
  [109, 338, [-1.891399, 8.236377, 4.274997]],
];

const reference: [number, Vec3][] = [
  ...centre,
  ...pairs.flatMap(([l, r, [x, y, z]]): [number, Vec3][] => [
    [l, [x, y, z]],
    [r, [-x, y, z]],
  ]),
];

export interface HeadRotation {
  /** Degrees; positive when the face turns toward the image right (the subject's left). */
  yaw: number;
  /** Degrees; positive when the face tilts up (chin raised). */
  pitch: number;
  /** RMS distance between the aligned model and the mesh, as a fraction of the model's size. */
  fitError: number;
}

/** Eigenvector of the largest eigenvalue of a symmetric 4x4 matrix (cyclic Jacobi rotations). */
function principalEigenvector(m: number[][]): number[] {
  const a = m.map((row) => [...row]);
  const v: number[][] = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < 4; p++) for (let q = p + 1; q < 4; q++) off += a[p]![q]! ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < 4; p++) {
      for (let q = p + 1; q < 4; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-15) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < 4; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < 4; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < 4; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i < 4; i++) if (a[i]![i]! > a[best]![best]!) best = i;
  return v.map((row) => row[best]!);
}

function rotationFromQuaternion([w, x, y, z]: number[]): number[][] {
  return [
    [w! * w! + x! * x! - y! * y! - z! * z!, 2 * (x! * y! - w! * z!), 2 * (x! * z! + w! * y!)],
    [2 * (x! * y! + w! * z!), w! * w! - x! * x! + y! * y! - z! * z!, 2 * (y! * z! - w! * x!)],
    [2 * (x! * z! - w! * y!), 2 * (y! * z! + w! * x!), w! * w! - x! * x! - y! * y! + z! * z!],
  ];
}

const toDegrees = (radians: number) => (radians * 180) / Math.PI;

export function estimateRotation(points: Point3[]): HeadRotation {
  // Mesh (x right, y down, z away) to the canonical frame (x right, y up, z toward the camera).
  const observed: Vec3[] = reference.map(([i]) => [points[i]!.x, -points[i]!.y, -points[i]!.z]);
  const model: Vec3[] = reference.map(([, p]) => p);
  const mean = (set: Vec3[]): Vec3 =>
    [0, 1, 2].map((k) => set.reduce((sum, p) => sum + p[k]!, 0) / set.length) as Vec3;
  const mo = mean(observed);
  const mm = mean(model);
  const o = observed.map((p) => p.map((v, k) => v - mo[k]!) as Vec3);
  const c = model.map((p) => p.map((v, k) => v - mm[k]!) as Vec3);
  // Cross-covariance S[a][b] = sum model_a * observed_b, then Horn's symmetric 4x4 matrix.
  const s = [0, 1, 2].map((a) => [0, 1, 2].map((b) => c.reduce((sum, p, i) => sum + p[a]! * o[i]![b]!, 0)));
  const [[sxx, sxy, sxz], [syx, syy, syz], [szx, szy, szz]] = s as [Vec3, Vec3, Vec3];
  const n = [
    [sxx + syy + szz, syz - szy, szx - sxz, sxy - syx],
    [syz - szy, sxx - syy - szz, sxy + syx, szx + sxz],
    [szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy],
    [sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz],
  ];
  const r = rotationFromQuaternion(principalEigenvector(n));
  const rotate = (p: Vec3): Vec3 =>
    [0, 1, 2].map((k) => r[k]![0]! * p[0] + r[k]![1]! * p[1] + r[k]![2]! * p[2]) as Vec3;
  const modelNorm = c.reduce((sum, p) => sum + p[0] ** 2 + p[1] ** 2 + p[2] ** 2, 0);
  const scale =
    c.reduce((sum, p, i) => {
      const q = rotate(p);
      return sum + q[0] * o[i]![0] + q[1] * o[i]![1] + q[2] * o[i]![2];
    }, 0) / modelNorm;
  const residual = c.reduce((sum, p, i) => {
    const q = rotate(p);
    return (
      sum + (scale * q[0] - o[i]![0]) ** 2 + (scale * q[1] - o[i]![1]) ** 2 + (scale * q[2] - o[i]![2]) ** 2
    );
  }, 0);
  const forward = rotate([0, 0, 1]);
  return {
    yaw: toDegrees(Math.atan2(forward[0], forward[2])),
    pitch: toDegrees(Math.atan2(forward[1], Math.hypot(forward[0], forward[2]))),
    fitError: Math.sqrt(residual / (scale * scale * modelNorm)),
  };
}

/** The pose from a face's mesh and its mirror image's (`runMirroredMesh`): yaw opposite, pitch alike. */
export function averageWithMirror(face: HeadRotation, mirror: HeadRotation): HeadRotation {
  return {
    yaw: (face.yaw - mirror.yaw) / 2,
    pitch: (face.pitch + mirror.pitch) / 2,
    fitError: Math.max(face.fitError, mirror.fitError),
  };
}
