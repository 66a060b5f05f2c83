/**
 * Calibrates the presentation-attack threshold on the test set: every clean face is scored as captured,
 * then as a synthetic recapture of a screen (sub-pixel moire) and of a print (halftone), and the
 * threshold is swept. Run: npx tsx imaging/bench/calibrate-pad.ts  (prints the table the README quotes).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config';
import { detectFaces } from '../face/detect';
import { scoreLiveness } from '../face/liveness';
import { loadMaster } from '../image/load';
import { Pyramid } from '../image/pyramid';
import { type RgbImage } from '../image/raster';
import { openModels, type ModelSessions } from '../models/sessions';
import { printRecapture, screenRecapture } from '../testing/defects';

async function score(models: ModelSessions, image: RgbImage): Promise<number | undefined> {
  const pyramid = new Pyramid(image);
  const [face] = await detectFaces(models, pyramid);
  return face ? (await scoreLiveness(models, pyramid, face.box)).live : undefined;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const models = await openModels(config.TONGPAI_MODELS_DIR);
  const dirs = ['faces-hr', 'faces'].map((d) => path.join(config.TONGPAI_TESTDATA_DIR, d));
  const files = dirs.flatMap((dir) =>
    readdirSync(dir)
      .sort()
      .map((f) => path.join(dir, f)),
  );
  const clean: number[] = [];
  const attacks: number[] = [];
  let undetected = 0;
  for (const file of files) {
    const { image } = await loadMaster(readFileSync(file), { maxBytes: 1e8, maxPixels: 1e8 });
    const live = await score(models, image);
    const screen = await score(models, screenRecapture(image));
    const print = await score(models, printRecapture(image));
    if (live !== undefined) clean.push(live);
    for (const s of [screen, print]) {
      if (s === undefined) undetected += 1;
      else attacks.push(s);
    }
    const f = (v: number | undefined) => (v === undefined ? ' none' : v.toFixed(3));
    console.log(`${path.basename(file).padEnd(26)} clean ${f(live)}  screen ${f(screen)}  print ${f(print)}`);
  }
  console.log(
    `\n${clean.length} clean, ${attacks.length} recaptures scored, ${undetected} recaptures not even detected as a face\n`,
  );
  console.log('| threshold | clean faces flagged (false alarms) | recaptures flagged |');
  console.log('|---|---|---|');
  let best = { t: 0, j: -1 };
  for (let t = 0.1; t <= 0.9001; t += 0.05) {
    const fa = clean.filter((v) => v < t).length / clean.length;
    const hit = attacks.filter((v) => v < t).length / attacks.length;
    if (hit - fa > best.j) best = { t, j: hit - fa };
    console.log(`| ${t.toFixed(2)} | ${(100 * fa).toFixed(0)} % | ${(100 * hit).toFixed(0)} % |`);
  }
  console.log(`\nbest Youden J = ${best.j.toFixed(2)} at threshold ${best.t.toFixed(2)}`);
  await models.release();
}

void main();
