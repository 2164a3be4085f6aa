// An OpenTelemetry-instrumented agent: no capture code, only an OTLP exporter pointed at the capture
// service. It traces one tool-using turn with the GenAI semantic conventions (v1.38.0): an
// invoke_agent span, a chat span that asks for a tool, the execute_tool span, and a chat span that
// answers, with a gen_ai.evaluation.result event that becomes the step's reward.
//
//   ORBITER_URL=http://localhost:8081 ORBITER_API_KEY=... node otel-agent.mjs [conversation-id]
import { trace, context } from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';

const url = process.env.ORBITER_URL ?? 'http://localhost:8081';
const conversation = process.argv[2] ?? `otel-conv-${Date.now()}`;
const otlp = new OTLPTraceExporter({ url: `${url}/v1/traces`,
  headers: process.env.ORBITER_API_KEY ? { 'X-API-Key': process.env.ORBITER_API_KEY } : {} });
// The SDK only logs a failed export; this example wants to know (exit code 1).
let failure = null;
const exporter = {
  export: (spans, done) => otlp.export(spans, (result) => {
    if (result.code !== 0) failure = result.error ?? new Error('export failed');
    done(result);
  }),
  forceFlush: () => otlp.forceFlush(),
  shutdown: () => otlp.shutdown(),
};
const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'node-otel-agent' }),
  spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('orbiter-example');
const text = (role, content) => ({ role, parts: [{ type: 'text', content }] });
// On every GenAI span, as the conventions recommend: SimpleSpanProcessor exports each span alone, so
// the receiver cannot look them up on the invoke_agent parent (without them: task = trace id,
// agent = service.name).
const who = { 'gen_ai.conversation.id': conversation, 'gen_ai.agent.name': 'node-calc-agent' };

const agent = tracer.startSpan('invoke_agent calc-agent', { attributes: { 'gen_ai.operation.name': 'invoke_agent', ...who } });
const inAgent = trace.setSpan(context.active(), agent);

const ask = tracer.startSpan('chat small-model', { attributes: { 'gen_ai.operation.name': 'chat', ...who,
  'gen_ai.request.model': 'small-model', 'gen_ai.usage.input_tokens': 14, 'gen_ai.usage.output_tokens': 9,
  'gen_ai.input.messages': JSON.stringify([text('user', 'What is 17*23?')]),
  'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', finish_reason: 'tool_call',
    parts: [{ type: 'tool_call', id: 'call_1', name: 'calc', arguments: { expression: '17*23' } }] }]) } }, inAgent);
ask.end();
tracer.startSpan('execute_tool calc', { attributes: { 'gen_ai.operation.name': 'execute_tool', ...who,
  'gen_ai.tool.name': 'calc', 'gen_ai.tool.call.id': 'call_1', 'gen_ai.tool.call.result': '391' } }, inAgent).end();
const answer = tracer.startSpan('chat small-model', { attributes: { 'gen_ai.operation.name': 'chat', ...who,
  'gen_ai.request.model': 'small-model',
  'gen_ai.input.messages': JSON.stringify([text('user', 'What is 17*23?'),
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: '391' }] }]),
  'gen_ai.output.messages': JSON.stringify([{ ...text('assistant', '17*23 = 391'), finish_reason: 'stop' }]) } }, inAgent);
answer.addEvent('gen_ai.evaluation.result', { 'gen_ai.evaluation.name': 'exact_match', 'gen_ai.evaluation.score.value': 1.0 });
answer.end();
agent.end();

await provider.forceFlush();
await provider.shutdown();
if (failure) {
  console.error(`export failed: ${failure.message ?? failure}`);
  process.exit(1);
}
console.log(JSON.stringify({ conversation, exported: 4 }));
