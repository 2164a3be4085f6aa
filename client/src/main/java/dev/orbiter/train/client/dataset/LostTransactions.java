package dev.orbiter.train.client.dataset;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionAbortedException;

/**
 * Tells a transaction the broker lost from one the data or the setup doomed. A lost one (its epoch
 * bumped by a coordinator timeout, a sequence the broker no longer matches, a fenced or aborted
 * transaction) is worth writing again under a fresh transactional id: nothing of it is visible to
 * read_committed readers. A timeout is not a loss: a commit that timed out may still complete, and
 * a second attempt would then leave two snapshots. An authorization, serialization or size error
 * would fail again, so it is not retried either.
 */
final class LostTransactions {

    private LostTransactions() {
    }

    /** Whether any cause in the chain is one of the losses above. */
    static boolean isLost(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidProducerEpochException || t instanceof OutOfOrderSequenceException
                    || t instanceof ProducerFencedException || t instanceof TransactionAbortedException) {
                return true;
            }
        }
        return false;
    }
}
