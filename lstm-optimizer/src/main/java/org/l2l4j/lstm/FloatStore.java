package org.l2l4j.lstm;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where the floats of one region of an {@link LstmState} live: a heap array (meta-training), or a stretch
 * of an off-heap float buffer (the DL4J updater's state array, which the kernel then advances in place).
 * The kernels move a state's values only through these bulk copies and single reads and writes, so one
 * kernel serves both.
 */
sealed interface FloatStore {

    /** A store over the whole of {@code values}. */
    static FloatStore of(float[] values) {
        return new OnHeap(values);
    }

    /**
     * A store over floats [{@code at}, {@code at + length}) of {@code buffer} (absolute indices; the buffer's
     * position and limit are not used and not changed).
     */
    static FloatStore over(FloatBuffer buffer, int at, int length) {
        return new InBuffer(buffer, at, length);
    }

    int length();

    float get(int i);

    void set(int i, float value);

    /** Copies floats [{@code from}, {@code from + length}) into {@code to} from {@code toAt}. */
    void read(int from, float[] to, int toAt, int length);

    /** Copies {@code length} floats of {@code from} from {@code fromAt} into this store from {@code at}. */
    void write(int at, float[] from, int fromAt, int length);

    /** Sets every value to {@code value}. */
    void fill(float value);

    /** Copies every value of {@code other}, a store of the same length, into this one. */
    default void copyFrom(FloatStore other) {
        if (other == this) {
            return;
        }
        if (other instanceof OnHeap heap) {
            write(0, heap.values, 0, length());
        } else if (this instanceof OnHeap heap) {
            other.read(0, heap.values, 0, length());
        } else {
            InBuffer to = (InBuffer) this;
            InBuffer from = (InBuffer) other;
            to.buffer.put(to.at, from.buffer, from.at, length());
        }
    }

    /** The heap array, for states made on the heap. */
    record OnHeap(float[] values) implements FloatStore {

        @Override
        public int length() {
            return values.length;
        }

        @Override
        public float get(int i) {
            return values[i];
        }

        @Override
        public void set(int i, float value) {
            values[i] = value;
        }

        @Override
        public void read(int from, float[] to, int toAt, int length) {
            System.arraycopy(values, from, to, toAt, length);
        }

        @Override
        public void write(int at, float[] from, int fromAt, int length) {
            System.arraycopy(from, fromAt, values, at, length);
        }

        @Override
        public void fill(float value) {
            Arrays.fill(values, value);
        }
    }

    /**
     * A stretch of a float buffer. Only absolute gets and puts, which several threads may run at once on
     * different indices.
     */
    record InBuffer(FloatBuffer buffer, int at, int length) implements FloatStore {

        public InBuffer {
            if (at < 0 || length < 0 || (long) at + length > buffer.capacity()) {
                throw new IllegalArgumentException("floats [" + at + ", " + ((long) at + length)
                        + ") do not fit a buffer of " + buffer.capacity());
            }
            if (buffer.isDirect() && buffer.order() != ByteOrder.nativeOrder()) {
                throw new IllegalArgumentException("the buffer's byte order " + buffer.order()
                        + " is not the machine's, " + ByteOrder.nativeOrder());
            }
        }

        @Override
        public float get(int i) {
            return buffer.get(at + Objects.checkIndex(i, length));
        }

        @Override
        public void set(int i, float value) {
            buffer.put(at + Objects.checkIndex(i, length), value);
        }

        @Override
        public void read(int from, float[] to, int toAt, int length) {
            buffer.get(at + Objects.checkFromIndexSize(from, length, this.length), to, toAt, length);
        }

        @Override
        public void write(int at, float[] from, int fromAt, int length) {
            buffer.put(this.at + Objects.checkFromIndexSize(at, length, this.length), from, fromAt, length);
        }

        @Override
        public void fill(float value) {
            for (int i = 0; i < length; i++) {
                buffer.put(at + i, value);
            }
        }
    }
}
