#!/usr/bin/env node
// The stack's keeper: stops what `npm start` started when the orchestrator is gone without stopping it, however it
// ended (SIGKILL included, which no handler sees). It runs in a session of its own (the terminal's SIGHUP and
// Ctrl-C do not reach it) and reads a pipe whose other end only the orchestrator holds:
//   "+ <pid> <signal> <name>"  a process group the orchestrator started, and the signal that stops it
//   "- <pid>"                  that group is gone
// End of file means the orchestrator has exited: every group still listed is stopped (its signal, then SIGKILL
// after 15 s). Plain JavaScript on plain node: it starts in milliseconds and needs nothing from node_modules.
'use strict';
const fs = require('node:fs');
const readline = require('node:readline');

const [logFile] = process.argv.slice(2);
const graceMs = 15_000;
/** pid of each group leader -> { signal, name } */
const groups = new Map();

function log(line) {
  try {
    fs.appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
  } catch {
    /* the log is a courtesy: stopping the groups matters more */
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function stopListedGroups() {
  const listed = [...groups].map(([pid, { name }]) => `${name} (pid ${pid})`);
  log(`the orchestrator ended without stopping ${listed.join(', ')}: stopping them`);
  for (const [pid, { signal }] of groups) signalGroup(pid, signal);
  const deadline = Date.now() + graceMs;
  while ([...groups.keys()].some(groupAlive) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 200));
  for (const [pid, { name }] of groups) {
    if (!groupAlive(pid)) continue;
    log(`${name} (pid ${pid}) did not stop within ${graceMs / 1000} s: killing it`);
    signalGroup(pid, 'SIGKILL');
  }
  log('stopped');
}

readline
  .createInterface({ input: process.stdin })
  .on('line', (line) => {
    const [op, pid, signal, ...name] = line.split(' ');
    if (op === '+') groups.set(Number(pid), { signal, name: name.join(' ') });
    else if (op === '-') groups.delete(Number(pid));
  })
  .on('close', () => {
    if (groups.size === 0) process.exit(0);
    void stopListedGroups().then(() => process.exit(0));
  });
