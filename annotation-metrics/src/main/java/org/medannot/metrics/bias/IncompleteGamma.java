package org.medannot.metrics.bias;

/**
 * The regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x), which give the
 * chi-square distribution: the upper tail probability of a chi-square statistic x with k degrees
 * of freedom is Q(k / 2, x / 2).
 *
 * <p>P is summed as its power series when x &lt; a + 1 and Q is evaluated as its continued
 * fraction (modified Lentz method) otherwise, so each converges quickly and the smaller tail keeps
 * its relative precision. ln Gamma uses the Lanczos approximation with g = 7 and 9 coefficients,
 * accurate to about 1e-15 relative.
 */
final class IncompleteGamma {

    private static final double EPSILON = 1e-16;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 100_000;

    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    };

    private IncompleteGamma() {
    }

    /** Returns ln Gamma(x) for x &gt; 0. */
    static double logGamma(double x) {
        if (x < 0.5) {
            // Reflection formula: Gamma(x) Gamma(1 - x) = pi / sin(pi x).
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        double t = z + 7.5;
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /** Returns the upper regularized incomplete gamma function Q(a, x) for a &gt; 0 and x &ge; 0. */
    static double upper(double a, double x) {
        checkArguments(a, x);
        if (x == 0) {
            return 1;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return 0;
        }
        return x < a + 1 ? 1 - lowerSeries(a, x) : upperContinuedFraction(a, x);
    }

    /** Returns the lower regularized incomplete gamma function P(a, x) for a &gt; 0 and x &ge; 0. */
    static double lower(double a, double x) {
        checkArguments(a, x);
        if (x == 0) {
            return 0;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return 1;
        }
        return x < a + 1 ? lowerSeries(a, x) : 1 - upperContinuedFraction(a, x);
    }

    private static double lowerSeries(double a, double x) {
        double term = 1 / a;
        double sum = term;
        for (int n = 1; n < MAX_ITERATIONS; n++) {
            term *= x / (a + n);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPSILON) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    private static double upperContinuedFraction(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = b + an / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    private static void checkArguments(double a, double x) {
        if (!(a > 0) || !(x >= 0)) {
            throw new IllegalArgumentException("the incomplete gamma function needs a > 0 and x >= 0, but a = " + a
                    + " and x = " + x);
        }
    }
}
