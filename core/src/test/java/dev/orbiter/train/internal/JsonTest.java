package dev.orbiter.train.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void givenADoubleTheJdk17WritesWithSpareDigits_whenWritten_thenItHasTheShortestDigitsThatReadBackTheSame() {
        double value = 8.0522777147371376E16; // JDK 17's Double.toString keeps the trailing "76"
        String text = Json.write(Map.of("v", value));
        assertThat(text).isEqualTo("{\"v\":8.052277714737138E16}"); // Python's repr: 8.052277714737138e+16
        assertThat(Double.parseDouble("8.052277714737138E16")).isEqualTo(value);
    }

    @Test
    void givenOrdinaryScores_whenWritten_thenTheyReadAsTheSameNumbers() throws Exception {
        List<Double> values = List.of(0.0, 0.1, 0.3, 1.0 / 3, 1e-7, 0.95, 1.0);
        assertThat(Json.parse(Json.write(values))).isEqualTo(values);
        assertThat(Json.write(List.of(0.1, 1e-7, 1.0))).isEqualTo("[0.1,1.0E-7,1.0]");
    }
}
