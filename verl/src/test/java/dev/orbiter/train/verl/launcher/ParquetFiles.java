package dev.orbiter.train.verl.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

/**
 * Reads a Parquet file back as Avro records with Parquet's low-level reader: row groups, column
 * IO and Avro's record materializer; the high-level {@code AvroParquetReader} needs Hadoop.
 */
final class ParquetFiles {

    private ParquetFiles() {
    }

    /** The file's Parquet schema, as Parquet prints it. */
    static String schema(Path file) {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            return reader.getFooter().getFileMetaData().getSchema().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<GenericRecord> read(Path file) {
        List<GenericRecord> rows = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            AvroReadSupport<GenericRecord> support = new AvroReadSupport<>(GenericData.get());
            RecordMaterializer<GenericRecord> materializer = support.prepareForRead(new PlainParquetConfiguration(),
                    reader.getFooter().getFileMetaData().getKeyValueMetaData(), schema, new ReadSupport.ReadContext(schema, new java.util.HashMap<>()));
            for (PageReadStore pages = reader.readNextRowGroup(); pages != null; pages = reader.readNextRowGroup()) {
                RecordReader<GenericRecord> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(pages, materializer);
                for (long i = 0; i < pages.getRowCount(); i++) {
                    rows.add(records.read());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
