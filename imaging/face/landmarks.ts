/**
 * Face Mesh indices used by the measurements. "Right"/"left" are the subject's: the subject's right eye
 * is on the image left.
 */
export const rightEyeContour = [33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246];
export const leftEyeContour = [
  263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466,
];

/** Eye aspect ratio points: outer corner, two upper lid, inner corner, two lower lid (facing pairs). */
export const rightEyeAspect = { outer: 33, upper: [160, 158], inner: 133, lower: [144, 153] } as const;
export const leftEyeAspect = { outer: 263, upper: [387, 385], inner: 362, lower: [373, 380] } as const;

export const innerLipUpper = 13;
export const innerLipLower = 14;
/**
 * Lip profiles at the centre and half-way to each corner: outer upper, inner upper, inner lower, outer
 * lower (the lips and the gap the mesh puts between them, along the same vertical).
 */
export const lipProfiles = [
  [0, 13, 14, 17],
  [37, 82, 87, 84],
  [267, 312, 317, 314],
] as const;
export const mouthRightCorner = 61;
export const mouthLeftCorner = 291;

export const chin = 152;
/** Face contour at cheekbone height, just inside the ears: the face-width span. */
export const cheekRight = 234;
export const cheekLeft = 454;
export const noseTip = 1;

/** Face oval, in order around the face: bounds the skin region used by the capture checks. */
export const faceOval = [
  10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149,
  150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
];

/** Outer lip contour, in order. */
export const outerLips = [
  61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 375, 321, 405, 314, 17, 84, 181, 91, 146,
];

/** Cheek patches (below the eyes, beside the nose) where skin colour and illumination are read. */
export const rightCheekPatch = [116, 117, 118, 101, 36, 205, 187, 123];
export const leftCheekPatch = [345, 346, 347, 330, 266, 425, 411, 352];
