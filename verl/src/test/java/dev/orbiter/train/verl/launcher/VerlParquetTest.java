package dev.orbiter.train.verl.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.trainer.TrainerError;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.local.ArithmeticTask;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VeRL dataset export, read back with Parquet's own reader, column by column. */
class VerlParquetTest {

    @Test
    void givenArithmeticItems_whenExported_thenEachPromptIsOneRowWithEveryVerlColumn(@TempDir Path dir) {
        ArithmeticTask.Split task = ArithmeticTask.generate(20, 5, 4, 1);
        Path file = dir.resolve("data/train.parquet");

        int rows = VerlParquet.write(file, task.train(), "train", null);

        List<GenericRecord> read = ParquetFiles.read(file);
        assertThat(rows).isEqualTo(20);
        assertThat(read).hasSize(20);
        TrajectoryItem first = task.train().get(0);
        GenericRecord row = read.get(0);
        assertThat(row.getSchema().getFields()).extracting(f -> f.name())
                .containsExactly("data_source", "prompt", "ability", "reward_model", "extra_info");
        assertThat(row.get("data_source").toString()).isEqualTo(ArithmeticTask.DATA_SOURCE);
        List<?> prompt = (List<?>) row.get("prompt");
        assertThat(prompt).hasSize(1);
        GenericRecord turn = (GenericRecord) prompt.get(0);
        assertThat(turn.get("role").toString()).isEqualTo("user");
        assertThat(turn.get("content").toString()).isEqualTo(first.input());
        assertThat(row.get("ability").toString()).isEqualTo("general");
        GenericRecord rewardModel = (GenericRecord) row.get("reward_model");
        assertThat(rewardModel.get("style").toString()).isEqualTo("rule");
        assertThat(rewardModel.get("ground_truth").toString()).isEqualTo(first.metadata().get("ground_truth"));
        GenericRecord extra = (GenericRecord) row.get("extra_info");
        assertThat(extra.get("split").toString()).isEqualTo("train");
        assertThat(extra.get("index")).isEqualTo(0L);
        assertThat(extra.get("item_id").toString()).isEqualTo(first.id());
        assertThat(extra.get("task_id").toString()).isEqualTo(first.taskId());
        assertThat(((GenericRecord) read.get(19).get("extra_info")).get("index")).isEqualTo(19L);
        // The standard three-level list, which pyarrow reads as list<struct<role, content>>.
        assertThat(ParquetFiles.schema(file)).containsPattern("(?s)group prompt \\(LIST\\) \\{\\s+repeated group list \\{"
                + "\\s+required group element");
    }

    @Test
    void givenNoDeclaredGroundTruth_whenExported_thenTheBestScoredResponseIsTheGroundTruth(@TempDir Path dir) {
        List<TrajectoryItem> items = List.of(
                TrajectoryItem.builder().id("a").input("capital of France?").output("Lyon").score(0.1)
                        .metadata(Map.of("ability", "geography", "data_source", "quiz")).build(),
                TrajectoryItem.builder().id("b").input("capital of France?").output("Paris").score(0.9).build());
        Path file = dir.resolve("val.parquet");

        VerlParquet.write(file, items, "test", null);

        GenericRecord row = ParquetFiles.read(file).get(0);
        assertThat(((GenericRecord) row.get("reward_model")).get("ground_truth").toString()).isEqualTo("Paris");
        assertThat(row.get("ability").toString()).isEqualTo("geography");
        assertThat(row.get("data_source").toString()).isEqualTo("quiz");
        assertThat(((GenericRecord) row.get("extra_info")).get("split").toString()).isEqualTo("test");
    }

    @Test
    void givenNeitherGroundTruthNorScores_whenExported_thenTheErrorNamesTheItem(@TempDir Path dir) {
        List<TrajectoryItem> items = List.of(TrajectoryItem.builder().id("lonely").input("q").output("a").build());
        assertThatThrownBy(() -> VerlParquet.write(dir.resolve("x.parquet"), items, "train", null))
                .isInstanceOf(TrainerError.class).hasMessageContaining("lonely");
    }
}
