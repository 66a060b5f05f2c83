import { apply, invert } from '../geometry';
import { loadProfiles } from '../profiles/load';
import { solveCrop, type CropPlan, type FaceGeometry } from './solve';

const profiles = loadProfiles();

/** A typical face: eye midpoint at (700, 600) of a 1400 x 1400 master, proportions of the London set. */
function face(overrides: Partial<FaceGeometry> = {}): FaceGeometry {
  return {
    crownY: -360,
    chinY: 320,
    faceCentreX: 0,
    faceWidth: 400,
    headWidth: 520,
    headHeight: 680,
    interEyeDistance: 180,
    masterToLevelled: { a: 1, b: 0, c: -700, d: 0, e: 1, f: -600 },
    masterWidth: 1400,
    masterHeight: 1400,
    ...overrides,
  };
}

function planOf(id: string, f = face()): CropPlan {
  const result = solveCrop(profiles.get(id), f);
  if (!result.feasible) throw new Error(`${id} infeasible`);
  return result.plan;
}

const rule = (plan: CropPlan, measure: string) => plan.rules.find((r) => r.measure === measure)!;

describe('crop solver', () => {
  it.each([
    'id_card',
    'exit_entry',
    'driving_licence',
    'face_compare',
    'icao',
    'nco_military',
    'print_1inch',
    'print_2inch',
    'print_passport',
  ])('%s: every rule met at once for a typical face', (id) => {
    const plan = planOf(id);
    for (const r of plan.rules) expect(r).toMatchObject({ met: true, yielded: false });
  });

  it('id_card: face width at its 207 px target, crown 7-21 px, eye line at least 207 px above the bottom', () => {
    const plan = planOf('id_card');
    expect(rule(plan, 'face_width').value).toBeCloseTo(207, 0);
    expect(rule(plan, 'crown_margin').value).toBeGreaterThanOrEqual(7);
    expect(rule(plan, 'crown_margin').value).toBeLessThanOrEqual(21);
    expect(rule(plan, 'eye_line_from_bottom').value).toBeGreaterThanOrEqual(207);
    expect(plan).toMatchObject({ width: 358, height: 441 });
  });

  it('id_card: with very tall hair the eye rule wins and the crown rule yields (hair may touch the edge)', () => {
    const plan = planOf('id_card', face({ crownY: -560, headHeight: 880 }));
    expect(rule(plan, 'eye_line_from_bottom').met).toBe(true);
    expect(rule(plan, 'face_width').met).toBe(true);
    expect(rule(plan, 'crown_margin')).toMatchObject({ met: false, yielded: true });
    expect(rule(plan, 'crown_margin').value).toBeLessThan(7);
  });

  it('centres the face horizontally and levels the eye line', () => {
    const tilted = face({
      masterToLevelled: {
        a: Math.cos(0.1),
        b: Math.sin(0.1),
        c: -700,
        d: -Math.sin(0.1),
        e: Math.cos(0.1),
        f: -600,
      },
    });
    const plan = planOf('icao', tilted);
    const back = invert(tilted.masterToLevelled);
    const eyeRight = apply(plan.masterToOutput, apply(back, { x: -90, y: 0 }));
    const eyeLeft = apply(plan.masterToOutput, apply(back, { x: 90, y: 0 }));
    expect(eyeRight.y).toBeCloseTo(eyeLeft.y, 6);
    expect((eyeRight.x + eyeLeft.x) / 2).toBeCloseTo(413 / 2, 6);
  });

  it('extends the canvas above the head when the background is replaced and the crown touches the top', () => {
    const nearTop = face({ masterToLevelled: { a: 1, b: 0, c: -700, d: 0, e: 1, f: -380 } }); // crown 20 px below the top
    const plan = planOf('exit_entry', nearTop);
    expect(plan.beyondMaster.top).toBeGreaterThan(0);
    for (const r of plan.rules) expect(r.met).toBe(true);
  });

  it('keeps the original background inside the master, or says which edge is missing', () => {
    const nearTop = face({
      masterToLevelled: { a: 1, b: 0, c: -700, d: 0, e: 1, f: -300 },
      masterHeight: 700,
    });
    const result = solveCrop(profiles.get('face_compare'), nearTop);
    expect(result.feasible).toBe(false);
    if (!result.feasible) expect(result.edges).toEqual(expect.arrayContaining(['bottom']));
  });

  it('face_compare renders smaller rather than upscale, down to 480 x 640', () => {
    const large = planOf('face_compare');
    expect([large.width, large.height]).toEqual([600, 800]);
    expect(large.scale).toBeLessThanOrEqual(1);
    const small = face({
      faceWidth: 150,
      headWidth: 195,
      headHeight: 255,
      crownY: -135,
      chinY: 120,
      interEyeDistance: 68,
    });
    const plan = planOf('face_compare', small);
    expect([plan.width, plan.height]).toEqual([480, 640]);
    expect(plan.scale).toBeGreaterThan(1);
    const medium = face({
      faceWidth: 320,
      headWidth: 416,
      headHeight: 540,
      crownY: -290,
      chinY: 250,
      interEyeDistance: 145,
    });
    const fitted = planOf('face_compare', medium);
    expect(fitted.width).toBeGreaterThan(480);
    expect(fitted.width).toBeLessThan(600);
    expect(fitted.scale).toBeCloseTo(1, 2);
  });

  it('reports rules that cannot hold together (driving licence: head too narrow for its height)', () => {
    const plan = planOf('driving_licence', face({ headWidth: 360 }));
    const unmet = plan.rules.filter((r) => !r.met).map((r) => r.measure);
    expect(unmet.length).toBeGreaterThan(0);
  });
});
