package io.paddock.bench.load;

/** Told when the measured window opens and closes, e.g. to sample the server's CPU time at both ends. */
public interface MeasureWindow {
    MeasureWindow NONE = new MeasureWindow() {
        @Override
        public void opened() {
        }

        @Override
        public void closed() {
        }
    };

    void opened();

    void closed();
}
