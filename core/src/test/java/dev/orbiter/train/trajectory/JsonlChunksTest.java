package dev.orbiter.train.trajectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlChunksTest {

    private static final int ITEMS = 10 * JsonlChunks.BLOCK + 17; // ten full blocks and a short one

    @TempDir
    Path dir;

    private static List<TrajectoryItem> items() {
        List<TrajectoryItem> items = new ArrayList<>(ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            items.add(TrajectoryItem.builder().id("id-" + i).taskId("t" + i % 13).agentId("a").step(i % 7)
                    .timestamp(Instant.ofEpochSecond(1_700_000_000L, i * 1_000L))
                    .input("q " + i + " \"é😀\"\n").output("a".repeat(i % 300))
                    .score(i % 5 == 0 ? null : i / 3.0).metadata(Map.of("n", i, "odd", i % 2 == 1))
                    .toolCalls(i % 9 == 0 ? List.of(Map.of("name", "f", "args", List.of(i, 1.5e23))) : List.of())
                    .build());
        }
        return items;
    }

    private static byte[] jsonl(List<TrajectoryItem> items, java.util.concurrent.Executor pool, int threads)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonlChunks.write(items, out, pool, threads);
        return out.toByteArray();
    }

    @Test
    void givenManyBlocks_whenEncodedOnSeveralThreads_thenTheBytesAreThoseOfOneThreadInInputOrder() throws IOException {
        List<TrajectoryItem> items = items();
        byte[] oneThread = jsonl(items, Runnable::run, 1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            assertThat(jsonl(items, pool, 4)).isEqualTo(oneThread);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jsonl(items, ForkJoinPool.commonPool(), 2)).isEqualTo(oneThread);
        String[] lines = new String(oneThread, StandardCharsets.UTF_8).split("\n", -1);
        assertThat(lines).hasSize(ITEMS + 1);
        assertThat(lines[ITEMS]).as("every line ends with a line feed").isEmpty();
        assertThat(lines[ITEMS - 1]).startsWith("{\"id\":\"id-" + (ITEMS - 1) + "\"");
    }

    @Test
    void givenAPoolThatNeverRunsATask_thenTheCallerEncodesEveryBlock() throws IOException {
        List<TrajectoryItem> items = items();
        assertThat(jsonl(items, task -> { }, 2)).isEqualTo(jsonl(items, Runnable::run, 1));
    }

    @Test
    void givenAPoolThatQueuesTasksAndNeverRunsThem_thenWhatItHoldsAfterTheExportHasNoBytes() throws Exception {
        List<Runnable> queue = new ArrayList<>(); // as the common pool with parallelism 0: no worker takes them
        List<TrajectoryItem> items = items();
        assertThat(jsonl(items, queue::add, 2)).isEqualTo(jsonl(items, Runnable::run, 1));
        assertThat(queue).hasSizeGreaterThan(5);
        for (Runnable task : queue) {
            assertThat((Object[]) ((FutureTask<?>) task).get()).containsOnlyNulls();
        }
    }

    @Test
    void givenTheCommonPoolConfiguredWithoutWorkers_thenExportsEncodeOnTheCallerAlone() {
        String key = "java.util.concurrent.ForkJoinPool.common.parallelism";
        String before = System.getProperty(key);
        try {
            System.setProperty(key, "0");
            assertThat(JsonlChunks.commonPoolHasWorkers()).isFalse();
            System.setProperty(key, "3");
            assertThat(JsonlChunks.commonPoolHasWorkers()).isTrue();
            System.clearProperty(key);
            assertThat(JsonlChunks.commonPoolHasWorkers()).isTrue();
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }

    @Test
    void givenAnExportOfManyBlocks_thenTheFileReadsBackAsTheSameItems() {
        List<TrajectoryItem> items = items();
        Path file = dir.resolve("many.jsonl");
        TrajectoryDataset.writeJsonl(items, file);
        assertThat(TrajectoryDataset.readJsonl(file).items()).isEqualTo(items);
    }

    @Test
    void givenASourceThatBreaksAfterSeveralBlocks_thenTheExportFailsAndTheOldFileStays() throws IOException {
        Path target = dir.resolve("data.jsonl");
        Files.writeString(target, "old content\n");
        List<TrajectoryItem> items = items();
        Iterable<TrajectoryItem> breaking = () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public TrajectoryItem next() {
                if (next == 5 * JsonlChunks.BLOCK + 3) {
                    throw new IllegalStateException("source broke in block six");
                }
                return items.get(next++);
            }
        };
        assertThatThrownBy(() -> TrajectoryDataset.writeJsonl(breaking, target))
                .isInstanceOf(TrajectoryError.class).hasMessageContaining("source broke in block six");
        assertThat(Files.readString(target)).isEqualTo("old content\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }
}
