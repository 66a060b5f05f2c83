/** `npm run lifecycle:diagram`: writes the README's state diagram from domain/lifecycle.ts. */
import fs from 'node:fs';
import path from 'node:path';
import { lifecycleDiagram } from './lifecycle';

const readmePath = path.join(__dirname, '..', 'README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const block = `<!-- lifecycle:start -->\n\`\`\`mermaid\n${lifecycleDiagram()}\n\`\`\`\n<!-- lifecycle:end -->`;
fs.writeFileSync(readmePath, readme.replace(/<!-- lifecycle:start -->[\s\S]*?<!-- lifecycle:end -->/, block));
