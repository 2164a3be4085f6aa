/**
 * The curation topology as plain Kafka Streams code: {@link dev.orbiter.train.curation.CurationTopology}
 * builds it from {@link dev.orbiter.train.curation.CurationSettings}; services only run it.
 */
package dev.orbiter.train.curation;
