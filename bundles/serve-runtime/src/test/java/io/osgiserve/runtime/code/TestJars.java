package io.osgiserve.runtime.code;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;

/** Jars, zips and zip bombs for the fetcher's tests. */
final class TestJars {
    private TestJars() {
    }

    /** A jar with a manifest (a bundle when {@code bsn} is given) and the named entries, each 3 bytes. */
    static byte[] jar(String bsn, String... entries) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bsn != null) {
            m.getMainAttributes().putValue("Bundle-SymbolicName", bsn);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream j = new JarOutputStream(out, m)) {
            for (String c : entries) {
                j.putNextEntry(new JarEntry(c));
                j.write(new byte[] {1, 2, 3});
                j.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /**
     * A zip of one entry of zeros, {@code compressedBytes} long on disk, written as a fixed-Huffman
     * deflate stream by hand (a literal zero, then back-references of 258 bytes at distance 1, 13 bits
     * each): about 160 times its size once inflated, made in milliseconds.
     *
     * @return the entry's inflated size
     */
    static long zipBomb(Path zip, int compressedBytes) throws IOException {
        Bits bits = new Bits();
        bits.lsbFirst(1, 1); // BFINAL
        bits.lsbFirst(1, 2); // BTYPE 01: fixed Huffman codes
        bits.code(0x30, 8); // literal 0
        long inflated = 1;
        while (bits.size() < compressedBytes - 4) {
            bits.code(0xC5, 8); // length 258 (symbol 285)
            bits.code(0, 5); // distance 1
            inflated += 258;
        }
        bits.code(0, 7); // end of block
        byte[] data = bits.toByteArray();
        CRC32 crc = new CRC32();
        byte[] zeros = new byte[1 << 20];
        for (long left = inflated; left > 0; left -= zeros.length) {
            crc.update(zeros, 0, (int) Math.min(zeros.length, left));
        }
        byte[] name = "zeros.bin".getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(zip)) {
            ByteBuffer local = le(30 + name.length).putInt(0x04034b50).putShort((short) 20).putShort((short) 0)
                    .putShort((short) 8).putInt(0).putInt((int) crc.getValue()).putInt(data.length)
                    .putInt((int) inflated).putShort((short) name.length).putShort((short) 0).put(name);
            out.write(local.array());
            out.write(data);
            int centralOffset = local.capacity() + data.length;
            ByteBuffer central = le(46 + name.length).putInt(0x02014b50).putShort((short) 20).putShort((short) 20)
                    .putShort((short) 0).putShort((short) 8).putInt(0).putInt((int) crc.getValue()).putInt(data.length)
                    .putInt((int) inflated).putShort((short) name.length).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).put(name);
            out.write(central.array());
            out.write(le(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1)
                    .putShort((short) 1).putInt(central.capacity()).putInt(centralOffset).putShort((short) 0).array());
        }
        return inflated;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Deflate's bit order: values least significant bit first, Huffman codes most significant bit first. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int used;

        void lsbFirst(int value, int count) {
            for (int i = 0; i < count; i++) {
                bit((value >> i) & 1);
            }
        }

        void code(int code, int length) {
            for (int i = length - 1; i >= 0; i--) {
                bit((code >> i) & 1);
            }
        }

        private void bit(int b) {
            current |= b << used;
            if (++used == 8) {
                out.write(current);
                current = 0;
                used = 0;
            }
        }

        int size() {
            return out.size();
        }

        byte[] toByteArray() {
            if (used > 0) {
                out.write(current);
                current = 0;
                used = 0;
            }
            return out.toByteArray();
        }
    }
}
