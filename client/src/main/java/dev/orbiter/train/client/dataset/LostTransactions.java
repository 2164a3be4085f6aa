package dev.orbiter.train.client.dataset;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortedException;

/**
 * Tells a transaction the broker lost from one the data or the setup doomed. A lost one (its epoch
 * bumped by a coordinator timeout, a sequence the broker no longer matches, a request that timed
 * out) is worth writing again under a fresh transactional id: nothing of it is visible to
 * read_committed readers. An authorization, serialization or size error would fail again, so it is
 * not retried.
 */
final class LostTransactions {

    private LostTransactions() {
    }

    /** Whether any cause in the chain is one of the losses above. */
    static boolean isLost(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidProducerEpochException || t instanceof OutOfOrderSequenceException
                    || t instanceof ProducerFencedException || t instanceof TransactionAbortedException
                    || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
