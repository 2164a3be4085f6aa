// A Node/TypeScript producer writing agent steps straight to Kafka: kafkajs for the records and
// Confluent's @confluentinc/schemaregistry serializer for the Avro body in the Confluent wire format
// (magic byte 0, 4-byte schema id, Avro binary), with the TrajectoryStep schema the platform
// registered under the subject orbiter.steps-value.
//
//   ORBITER_BOOTSTRAP=localhost:9092 ORBITER_REGISTRY_URL=http://localhost:8080/apis/ccompat/v7 \
//   node produce-steps.mjs [task-id]
//
// What a direct producer must follow: key = task id (any partitioner: the curation moves records to
// their task's partition); id unique per step (a resent id is dropped); nested metadata values as
// NestedJson ({"json": "..."}); OpenAI-shaped tool calls flattened to {id, type, name, arguments} with
// extra._shape = "function" (or without it for the flat {name, arguments} shape). See the README's
// "Producing to Kafka directly".
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistryClient, AvroSerializer, SerdeType } from '@confluentinc/schemaregistry';

const bootstrap = process.env.ORBITER_BOOTSTRAP ?? 'localhost:9092';
const registryUrl = process.env.ORBITER_REGISTRY_URL ?? 'http://localhost:8080/apis/ccompat/v7';
const task = process.argv[2] ?? `node-task-${Date.now()}`;

const registry = new SchemaRegistryClient({ baseURLs: [registryUrl] });
const serializer = new AvroSerializer(registry, SerdeType.VALUE, { useLatestVersion: true });

// Unions of several types are written wrapped ({"string": "..."}), as avsc does for ambiguous unions.
const step = (n, question, answer, toolCalls = []) => ({
  id: `${task}-step-${n}`,
  task_id: task,
  agent_id: 'node-agent',
  step: n,
  timestamp: Date.now(),
  input: question,
  messages: [
    { role: 'user', content: question, name: null, tool_call_id: null, tool_calls: [], extra: {} },
    { role: 'assistant', content: answer, name: null, tool_call_id: null, tool_calls: toolCalls, extra: {} },
  ],
  context: {},
  output: answer ?? '',
  tool_calls: toolCalls,
  score: 0.9,
  status: 'success',
  metadata: { model: { string: 'node-demo' }, attempt_info: { 'dev.orbiter.train.avro.NestedJson': { json: '{"retries":0}' } } },
  group_id: null,
  attempt: 0,
  source: 'node',
  tenant: null,
});

const calc = { id: 'call_1', type: 'function', name: 'calc', arguments: '{"expression":"17*23"}',
  extra: { _shape: { string: 'function' } } };

const kafka = new Kafka({ clientId: 'orbiter-node-example', brokers: [bootstrap], logLevel: logLevel.ERROR });
const producer = kafka.producer({ idempotent: true });
await producer.connect();
try {
  const records = [step(0, 'What is 17*23?', null, [calc]), step(1, 'What is 17*23?', '391')];
  const messages = [];
  for (const r of records) {
    messages.push({ key: task, value: await serializer.serialize('orbiter.steps', r) });
  }
  const acks = await producer.send({ topic: 'orbiter.steps', acks: -1, messages });
  console.log(JSON.stringify({ task, sent: messages.length, acks }));
} finally {
  await producer.disconnect();
}
