/**
 * Workflow histories as Temporal's JSON (proto3 JSON, the format of `temporal workflow show --output json`).
 * The SDK's own historyToJSON/historyFromJSON fail in this install ("type must be a Type"): @temporalio/common
 * converts with its copy of protobufjs while the History type comes from the copy npm placed beside
 * @temporalio/proto, and protobufjs refuses types of another copy. So convert with @temporalio/proto's own.
 */
import { createRequire } from 'node:module';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

type History = proto.temporal.api.history.v1.IHistory;

/** The committed histories: this folder. */
export const historiesDir = __dirname;

interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
}
const protoJson = createRequire(require.resolve('@temporalio/proto'))(
  'protobufjs/ext/protojson',
) as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType(
  'temporal.api.history.v1.History',
);

export function historyToJson(history: History): unknown {
  return protoJson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history));
}

/** Reads what historyToJson wrote; fields of newer servers are ignored, as replay does not need them. */
export function historyFromJson(json: unknown): History {
  const history = protoJson.fromJson(historyType, json, { ignoreUnknownFields: true });
  if (!history) throw new TypeError('not a workflow history');
  return history as History;
}
