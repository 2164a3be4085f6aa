package dev.orbiter.train.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keys resolve to a tenant and a role; what each role sees of tenants' resources and datasets. */
class ApiKeyAuthTest {

    private final ApiKeyAuth auth = new ApiKeyAuth(true, List.of(ApiKeys.entry("acme", "k-acme"),
            ApiKeys.entry("acme", Role.READER, "k-acme-reader"), ApiKeys.entry("ops", Role.ADMIN, "k-ops")));

    @Test
    void anEntryWithoutARoleIsAWriter_andARoleCanBeNamed() {
        assertThat(auth.authenticate("k-acme", null).access()).isEqualTo(new Access("acme", Role.WRITER));
        assertThat(auth.authenticate(null, "Bearer k-acme-reader").access()).isEqualTo(new Access("acme", Role.READER));
        assertThat(auth.authenticate("k-ops", null).access().role()).isEqualTo(Role.ADMIN);
        assertThat(auth.authenticate("k-nobody", null).allowed()).isFalse();
        assertThat(new ApiKeyAuth(false, List.of()).authenticate(null, null).access()).isEqualTo(Access.UNRESTRICTED);
    }

    @Test
    void aTenantSeesItsOwnResourcesOnly_andAnAdminSeesEveryTenants() {
        Access acme = new Access("acme", Role.READER);
        Access ops = new Access("ops", Role.ADMIN);

        assertThat(acme.sees("acme")).isTrue();
        assertThat(acme.sees("globex")).isFalse();
        assertThat(acme.sees(null)).as("a job submitted without authentication").isFalse();
        assertThat(ops.sees("globex")).isTrue();
        assertThat(acme.seesDataset(Set.of())).as("an unbound dataset is shared").isTrue();
        assertThat(acme.seesDataset(Set.of("globex"))).isFalse();
        assertThat(acme.seesDataset(Set.of("globex", "acme"))).isTrue();
        assertThat(ops.seesDataset(Set.of("globex"))).isTrue();
    }

    @Test
    void malformedEntriesFailWithTheReason() {
        String hash = "a".repeat(64);
        assertThatThrownBy(() -> new ApiKeys(List.of("acme:owner:" + hash))).hasMessageContaining("unknown role 'owner'");
        assertThatThrownBy(() -> new ApiKeys(List.of("ac me:" + hash))).hasMessageContaining("tenant 'ac me'");
        assertThatThrownBy(() -> new ApiKeys(List.of("acme:abc"))).hasMessageContaining("<tenant>[:<role>]:<64 hex");
    }
}
