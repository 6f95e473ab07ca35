package io.ciosync.ingest;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the JSON parser (Jackson's StreamReadConstraints) for every request and file ({@code cio-sync.json.*}). */
@ConfigMapping(prefix = "cio-sync.json")
public interface JsonConfig {

    /** Deepest nesting of arrays and objects (400 beyond). */
    @WithDefault("64")
    int maxNestingDepth();

    /** Longest string value, in characters (413 beyond). */
    @WithDefault("1000000")
    int maxStringLength();

    /** Longest number, in characters (400 beyond). */
    @WithDefault("100")
    int maxNumberLength();

    /**
     * Most bytes gzip data of one job may decompress to, counted as they come out (413 beyond); the 1M-user file
     * of bench/ is 267 MB of JSON (docs/tenancy.md).
     */
    @WithDefault("512M")
    MemorySize maxDecompressedSize();
}
