//! One bracketing root finder: Brent's method (inverse quadratic interpolation and secant steps, falling back
//! to bisection), which keeps a sign change bracketed at every step, so it cannot leave the bracket. Whole
//! inputs (months) are bisected down to two neighbouring whole numbers.

/// A root of `f` in `[a, b]`, where `f(a)` and `f(b)` differ in sign (or one is zero): `(x, iterations)`,
/// with the bracket narrowed below `tol`. `fa`, `fb` are `f(a)`, `f(b)` already known. Errors of `f` pass
/// through.
pub fn brent<E>(
    mut f: impl FnMut(f64) -> Result<f64, E>,
    a: f64,
    b: f64,
    fa: f64,
    fb: f64,
    tol: f64,
    max_iter: usize,
) -> Result<(f64, usize), E> {
    let (mut a, mut b, mut fa, mut fb) = (a, b, fa, fb);
    if fa == 0.0 {
        return Ok((a, 0));
    }
    if fb == 0.0 {
        return Ok((b, 0));
    }
    let (mut c, mut fc) = (a, fa);
    let mut d = b - a;
    let mut e = d;
    for it in 1..=max_iter {
        if (fb > 0.0) == (fc > 0.0) {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol1 = 2.0 * f64::EPSILON * b.abs() + 0.5 * tol;
        let xm = 0.5 * (c - b);
        if xm.abs() <= tol1 || fb == 0.0 {
            return Ok((b, it));
        }
        if e.abs() >= tol1 && fa.abs() > fb.abs() {
            let s = fb / fa;
            let (mut p, mut q);
            if a == c {
                p = 2.0 * xm * s;
                q = 1.0 - s;
            } else {
                let qq = fa / fc;
                let r = fb / fc;
                p = s * (2.0 * xm * qq * (qq - r) - (b - a) * (r - 1.0));
                q = (qq - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if p > 0.0 {
                q = -q;
            }
            p = p.abs();
            let min1 = 3.0 * xm * q - (tol1 * q).abs();
            let min2 = (e * q).abs();
            if 2.0 * p < min1.min(min2) {
                e = d;
                d = p / q;
            } else {
                d = xm;
                e = d;
            }
        } else {
            d = xm;
            e = d;
        }
        a = b;
        fa = fb;
        b += if d.abs() > tol1 { d } else { tol1.copysign(xm) };
        fb = f(b)?;
    }
    Ok((b, max_iter))
}

/// Bisection over whole numbers: the two neighbours `(lo, hi)` between which `f` changes sign, from a bracket
/// `[a, b]` with `f(a)` = `fa`, `f(b)` = `fb` of different signs. Returns `(lo, f(lo), hi, f(hi), iterations)`.
pub fn bisect_whole<E>(
    mut f: impl FnMut(f64) -> Result<f64, E>,
    a: i64,
    b: i64,
    fa: f64,
    fb: f64,
) -> Result<(i64, f64, i64, f64, usize), E> {
    let (mut lo, mut hi, mut flo, mut fhi) = (a, b, fa, fb);
    let mut it = 0;
    while hi - lo > 1 {
        it += 1;
        let mid = lo + (hi - lo) / 2;
        let fm = f(mid as f64)?;
        if (fm > 0.0) == (flo > 0.0) && fm != 0.0 {
            lo = mid;
            flo = fm;
        } else {
            hi = mid;
            fhi = fm;
        }
    }
    Ok((lo, flo, hi, fhi, it))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brent_finds_known_roots() {
        let f = |x: f64| Ok::<f64, ()>(x * x - 2.0);
        let (x, it) = brent(f, 0.0, 2.0, -2.0, 2.0, 1e-12, 100).unwrap();
        assert!((x - 2f64.sqrt()).abs() < 1e-11, "{x}");
        assert!(it < 15, "{it}");
        let g = |x: f64| Ok::<f64, ()>((x - 0.3).powi(3));
        let (x, _) = brent(g, -1.0, 1.0, g(-1.0).unwrap(), g(1.0).unwrap(), 1e-10, 200).unwrap();
        assert!((x - 0.3).abs() < 1e-3, "{x}");
        let h = |x: f64| Ok::<f64, ()>(x - 7.5);
        assert_eq!(bisect_whole(h, 0, 48, -7.5, 40.5).unwrap().0, 7);
        assert_eq!(bisect_whole(h, 0, 48, -7.5, 40.5).unwrap().2, 8);
    }
}
