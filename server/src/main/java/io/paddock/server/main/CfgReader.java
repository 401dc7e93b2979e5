package io.paddock.server.main;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads a zoo.cfg into its key/value entries, each with the line it starts on.
 *
 * <p>ZooKeeper reads the file with {@link Properties#load}, so we keep that syntax exactly: {@code #} and
 * {@code !} comment lines, {@code key=value}, {@code key:value} or {@code key value}, backslash escapes and
 * backslash-newline continuations. {@code Properties} does not report line numbers, so this class cuts the
 * file into logical lines itself and hands each one to {@code Properties} to split. Keys and values are
 * trimmed, as ZooKeeper trims them. One deliberate difference: the file is read as UTF-8, not ISO-8859-1.
 */
final class CfgReader {

    /** One {@code key=value} of the file; {@code line} is where it starts (1-based). */
    record Entry(String key, String value, int line) {
    }

    /** A config file holds a few hundred lines at most; a bigger one is a mistake, not a config. */
    private static final long FILE_BYTES_MAX = 16L * 1024 * 1024;

    private CfgReader() {
    }

    /** The entries in file order; a key set twice appears twice. */
    static List<Entry> read(Path file) throws ConfigException {
        String text = readText(file);
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new StringReader(text))) {
            int lineNumber = 0;
            String physical;
            while ((physical = lines.readLine()) != null) {
                lineNumber++;
                String start = stripLeading(physical);
                if (start.isEmpty() || start.charAt(0) == '#' || start.charAt(0) == '!') {
                    continue;
                }
                int firstLine = lineNumber;
                StringBuilder logical = new StringBuilder(start);
                while (endsWithContinuation(logical)) {
                    logical.setLength(logical.length() - 1);
                    String next = lines.readLine();
                    if (next == null) {
                        break;
                    }
                    lineNumber++;
                    logical.append(stripLeading(next));
                }
                entries.add(split(file, logical.toString(), firstLine));
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading from a string cannot fail", e);
        }
        return entries;
    }

    private static String readText(Path file) throws ConfigException {
        try {
            if (Files.isDirectory(file)) {
                throw ConfigException.in(file, "is a directory, not a config file");
            }
            if (Files.size(file) > FILE_BYTES_MAX) {
                throw ConfigException.in(file, "larger than " + FILE_BYTES_MAX + " bytes; not a config file");
            }
            return StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (NoSuchFileException e) {
            throw ConfigException.in(file, "no such file");
        } catch (CharacterCodingException e) {
            throw ConfigException.in(file, "not valid UTF-8 text");
        } catch (IOException e) {
            throw ConfigException.in(file, "cannot read: " + e);
        }
    }

    private static Entry split(Path file, String logicalLine, int line) throws ConfigException {
        Properties one = new Properties();
        try {
            one.load(new StringReader(logicalLine));
        } catch (IllegalArgumentException e) {
            throw ConfigException.at(file, line, "malformed \\uXXXX escape");
        } catch (IOException e) {
            throw new IllegalStateException("reading from a string cannot fail", e);
        }
        String key = one.stringPropertyNames().iterator().next();
        return new Entry(key.trim(), one.getProperty(key).trim(), line);
    }

    /** An odd number of trailing backslashes continues the line; an even number is escaped backslashes. */
    private static boolean endsWithContinuation(CharSequence line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** Properties' idea of leading whitespace: space, tab and form feed. */
    private static String stripLeading(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t' || line.charAt(i) == '\f')) {
            i++;
        }
        return line.substring(i);
    }
}
