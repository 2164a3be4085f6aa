package dev.orbiter.train.verl.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.verl.local.ArithmeticTask;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs in its own surefire execution with no Hadoop jar on the class path. */
class VerlParquetWithoutHadoopTest {

    @Test
    void givenNoHadoopOnTheClassPath_whenExporting_thenAParquetFileIsWritten(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration"))
                .isInstanceOf(ClassNotFoundException.class);
        Path file = dir.resolve("train.parquet");

        int rows = VerlParquet.write(file, ArithmeticTask.generate(50, 1, 4, 2).train(), "train", null);

        byte[] bytes = Files.readAllBytes(file);
        assertThat(rows).isEqualTo(50);
        byte[] magic = "PAR1".getBytes(StandardCharsets.US_ASCII);
        assertThat(Arrays.copyOfRange(bytes, 0, 4)).isEqualTo(magic);
        assertThat(Arrays.copyOfRange(bytes, bytes.length - 4, bytes.length)).isEqualTo(magic);
    }
}
