package dev.orbiter.train.trajectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrajectoryDatasetTest {

    @TempDir
    Path dir;

    private static List<Map<String, Object>> chat(String q, String a) {
        return List.of(Map.of("role", "user", "content", q), Map.of("role", "assistant", "content", a));
    }

    @Test
    void fromMessagesCountsStepsPerTaskAndAgentPair() {
        TrajectoryDataset ds = new TrajectoryDataset();
        assertThat(ds.fromMessages(chat("q", "a"), "t1", "a1").step()).isZero();
        assertThat(ds.fromMessages(chat("q", "a"), "t1", "a1").step()).isEqualTo(1);
        assertThat(ds.fromMessages(chat("q", "a"), "t1", "a2").step()).isZero();
        assertThat(ds.fromMessages(chat("q", "a"), "t2", "a1", Map.of("score", 1)).step()).isZero();
        assertThat(ds.size()).isEqualTo(4);
        ds.clear();
        assertThat(ds.size()).isZero();
        assertThat(ds.fromMessages(chat("q", "a"), "t1", "a1").step()).as("clear resets counters").isZero();
    }

    @Test
    void captureAppliesShouldCaptureThenProcess() {
        TrajectoryStrategy highOnly = new TrajectoryStrategy() {
            @Override
            public boolean shouldCapture(TrajectoryItem item) {
                return item.score() != null && item.score() >= 0.5;
            }

            @Override
            public TrajectoryItem process(TrajectoryItem item) {
                return item.withScore(Math.min(1.0, item.score()));
            }
        };
        TrajectoryDataset ds = new TrajectoryDataset(highOnly);
        assertThat(ds.capture(TrajectoryItem.of("s", "a", 0.2))).isFalse();
        assertThat(ds.capture(TrajectoryItem.of("s", "a", 1.7))).isTrue();
        assertThat(ds.items()).singleElement().extracting(TrajectoryItem::score).isEqualTo(1.0);
        ds.appendTrajectory(TrajectoryItem.of("s", "a", 0.1));
        assertThat(ds.size()).as("append bypasses the strategy").isEqualTo(2);
    }

    @Test
    void taskTrajectoriesKeepInsertionOrder() {
        TrajectoryDataset ds = new TrajectoryDataset();
        TrajectoryItem a = TrajectoryItem.builder().taskId("t").input("1").build();
        TrajectoryItem b = TrajectoryItem.builder().taskId("u").input("2").build();
        TrajectoryItem c = TrajectoryItem.builder().taskId("t").input("3").build();
        assertThat(ds.saveTaskTrajectory("t", List.of(a, b, c))).isEqualTo(3);
        assertThat(ds.getTaskTrajectory("t")).containsExactly(a, c);
        assertThat(ds.items()).containsExactly(a, b, c);
        assertThatThrownBy(() -> ds.items().add(a)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(ds.validate()).isTrue();
        assertThat(new TrajectoryDataset().validate()).isFalse();
    }

    @Test
    void emptyDatasetExportsEmptyJsonArrayAndEmptyCsv() {
        TrajectoryDataset ds = new TrajectoryDataset();
        assertThat(ds.toJson()).isEqualTo("[]");
        assertThat(ds.toCsv()).isEmpty();
        assertThat(ds.toString()).isEqualTo("TrajectoryDataset(items=0, strategy=DefaultStrategy)");
    }

    @Test
    void csvHasHeaderCrlfQuotingAndEmptyCellForNullScore() {
        TrajectoryDataset ds = new TrajectoryDataset();
        ds.appendTrajectory(TrajectoryItem.builder().id("i1").input("say \"hi\", then\nleave")
                .timestamp(Instant.ofEpochSecond(1_700_000_000L, 500_000_000)).build());
        String csv = ds.toCsv();
        assertThat(csv).startsWith("id,task_id,agent_id,step,timestamp,input,messages,context,output,tool_calls,"
                + "score,status,metadata\r\n");
        assertThat(csv).contains("i1,,,0,1700000000.5,\"say \"\"hi\"\", then\nleave\",[],{},,[],,success,{}\r\n");
    }

    @Test
    void jsonIsPrettyPrintedInKeyOrder() {
        TrajectoryDataset ds = new TrajectoryDataset();
        ds.appendTrajectory(TrajectoryItem.builder().id("i1").timestamp(Instant.ofEpochSecond(10)).score(1.0).build());
        assertThat(ds.toJson()).isEqualTo("[\n  {\n    \"id\": \"i1\",\n    \"task_id\": \"\",\n    \"agent_id\": \"\",\n"
                + "    \"step\": 0,\n    \"timestamp\": 10,\n    \"input\": \"\",\n    \"messages\": [],\n"
                + "    \"context\": {},\n    \"output\": \"\",\n    \"tool_calls\": [],\n    \"score\": 1.0,\n"
                + "    \"status\": \"success\",\n    \"metadata\": {}\n  }\n]");
    }

    @Test
    void exportsRoundTripThroughEveryFormat() {
        TrajectoryDataset ds = new TrajectoryDataset();
        ds.appendTrajectory(TrajectoryItem.builder().taskId("t").agentId("a").step(1).input("q, \"x\"\n")
                .output("é😀").score(0.25).messages(chat("q", "a")).context(Map.of("n", 1, "f", 1.5))
                .toolCalls(List.of(Map.of("id", "c", "args", Map.of("x", List.of(1, 2)))))
                .metadata(Map.of("nested", Map.of("b", true), "nil", Map.of())).build());
        ds.appendTrajectory(TrajectoryItem.builder().input("no score").build());
        ds.exportJson(dir.resolve("d.json"));
        ds.exportJsonl(dir.resolve("d.jsonl"));
        ds.exportCsv(dir.resolve("d.csv"));
        assertThat(TrajectoryDataset.readJson(dir.resolve("d.json")).items()).isEqualTo(ds.items());
        assertThat(TrajectoryDataset.readJsonl(dir.resolve("d.jsonl")).items()).isEqualTo(ds.items());
        assertThat(TrajectoryDataset.readCsv(dir.resolve("d.csv")).items()).isEqualTo(ds.items());
    }

    @Test
    void givenAnExistingFile_whenTheExportFails_thenTheOldFileIsIntactAndNoTempFileRemains() throws IOException {
        Path target = dir.resolve("data.jsonl");
        Files.writeString(target, "old content\n");
        AtomicInteger produced = new AtomicInteger();
        Iterable<TrajectoryItem> failing = () -> new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public TrajectoryItem next() {
                if (produced.incrementAndGet() > 3) {
                    throw new IllegalStateException("source broke mid-export");
                }
                return TrajectoryItem.of("s", "a", 1.0);
            }
        };
        assertThatThrownBy(() -> TrajectoryDataset.writeJsonl(failing, target))
                .isInstanceOf(TrajectoryError.class).hasMessageContaining("source broke mid-export");
        assertThat(Files.readString(target)).isEqualTo("old content\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void exportToAnUnwritablePathIsATrajectoryError() throws IOException {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        TrajectoryDataset ds = new TrajectoryDataset();
        ds.appendTrajectory(TrajectoryItem.of("s", "a", 1.0));
        assertThatThrownBy(() -> ds.exportJson(blocker.resolve("sub").resolve("out.json")))
                .isInstanceOf(TrajectoryError.class);
    }

    @Test
    void readingMalformedFilesIsATrajectoryError() throws IOException {
        Files.writeString(dir.resolve("bad.jsonl"), "{\"input\": \"ok\"}\n{not json\n");
        assertThatThrownBy(() -> TrajectoryDataset.readJsonl(dir.resolve("bad.jsonl")))
                .isInstanceOf(TrajectoryError.class).hasMessageContaining("line 2");
    }

    @Test
    void onAppendSeesEveryItemThatEntersTheDataset() {
        List<TrajectoryItem> mirrored = new java.util.concurrent.CopyOnWriteArrayList<>();
        TrajectoryDataset ds = new TrajectoryDataset() {
            @Override
            protected void onAppend(TrajectoryItem item) {
                mirrored.add(item);
            }
        };
        ds.capture(TrajectoryItem.of("s", "a", 1.0));
        ds.appendTrajectory(TrajectoryItem.of("s", "a", 1.0));
        ds.fromMessages(chat("q", "a"), "t", "a");
        assertThat(mirrored).containsExactlyElementsOf(ds.items());
    }
}
