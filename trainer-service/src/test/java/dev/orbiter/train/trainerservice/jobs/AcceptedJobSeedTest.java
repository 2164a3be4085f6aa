package dev.orbiter.train.trainerservice.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.avro.EvolutionJobConfig;
import dev.orbiter.train.avro.JobConfig;
import dev.orbiter.train.avro.TrainingJob;
import dev.orbiter.train.avro.VeRLJobConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AcceptedJobSeedTest {

    static TrainingJob job(String id, JobConfig config) {
        return TrainingJob.newBuilder().setJobId(id).setKind("verl").setDataset("d").setConfig(config)
                .setRewardSpecs(List.of()).setSubmittedAt(Instant.EPOCH).build();
    }

    @Test
    void givenAJobWithoutSeed_thenItGetsOneFromItsId_soARunAndItsResumeDrawTheSame() {
        TrainingJob job = job("job-42", JobConfig.newBuilder().setVerl(VeRLJobConfig.newBuilder().build())
                .setExtra(Map.of()).build());

        TrainingJob seeded = AcceptedJob.seeded(job);

        assertThat(AcceptedJob.seedIn(job)).isNull();
        assertThat(AcceptedJob.seedIn(seeded)).isEqualTo(AcceptedJob.seedOf("job-42")).isNotNegative();
        assertThat(AcceptedJob.seedIn(AcceptedJob.seeded(job))).isEqualTo(AcceptedJob.seedIn(seeded));
        assertThat(AcceptedJob.seedOf("job-43")).isNotEqualTo(AcceptedJob.seedOf("job-42"));
        assertThat(seeded.getJobId()).isEqualTo("job-42");
    }

    @Test
    void givenAnExplicitSeed_thenItIsKept() {
        TrainingJob job = job("job-7", JobConfig.newBuilder().setEvolution(EvolutionJobConfig.newBuilder().setSeed(7L).build())
                .setExtra(Map.of()).build());

        assertThat(AcceptedJob.seeded(job)).isSameAs(job);
        assertThat(AcceptedJob.seedIn(job)).isEqualTo(7L);
    }
}
