//! Types that contain themselves, which no Rust struct can.

use super::*;

impl Resolver<'_> {
    /// A struct that holds itself by value (not through a list or set) has no finite size.
    pub(super) fn check_cycles(&mut self, api: &Api) {
        fn direct(api: &Api, id: TypeId, out: &mut Vec<(TypeId, Loc)>) {
            match &api.ty(id).kind {
                TypeKind::Struct(s) => {
                    for f in &s.fields {
                        if let Ty::Named(t) = f.ty {
                            out.push((t, f.loc.clone()));
                        }
                    }
                }
                TypeKind::Union(u) => {
                    for v in &u.variants {
                        out.push((v.fields, api.ty(id).loc.clone()));
                    }
                }
                _ => {}
            }
        }
        let edges: Vec<Vec<(TypeId, Loc)>> = (0..api.types.len())
            .map(|id| {
                let mut out = Vec::new();
                direct(api, TypeId(id), &mut out);
                out
            })
            .collect();
        let comp = components(&edges);
        let mut size = vec![0usize; api.types.len()];
        for &c in &comp {
            size[c] += 1;
        }
        for start in 0..api.types.len() {
            // Only a type on a cycle can contain itself, and only the types of its own
            // strongly connected component lead back to it: searching those alone keeps
            // a long chain of nested types linear.
            if size[comp[start]] == 1 && !edges[start].iter().any(|(t, _)| t.0 == start) {
                continue;
            }
            let mut stack = vec![TypeId(start)];
            let mut seen = vec![false; api.types.len()];
            while let Some(id) = stack.pop() {
                for (t, loc) in &edges[id.0] {
                    if t.0 == start {
                        let name = &api.types[start].name;
                        self.err_hint(
                            loc,
                            format!("type `{name}` contains itself"),
                            "a type may hold itself only inside a List or Set",
                        );
                        stack.clear();
                        break;
                    }
                    if !seen[t.0] && comp[t.0] == comp[start] {
                        seen[t.0] = true;
                        stack.push(*t);
                    }
                }
            }
        }
    }
}

/// The strongly connected component of each node (Tarjan's algorithm, without recursion
/// so that a deep chain of types cannot overflow the stack).
pub(super) fn components<T>(edges: &[Vec<(TypeId, T)>]) -> Vec<usize> {
    const NONE: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut comp) = (vec![NONE; n], vec![0; n], vec![NONE; n]);
    let (mut on_stack, mut stack, mut next, mut count) = (vec![false; n], Vec::new(), 0, 0);
    for root in 0..n {
        if index[root] != NONE {
            continue;
        }
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        let mut calls = vec![(root, 0usize)];
        while let Some(top) = calls.last_mut() {
            let v = top.0;
            if let Some((w, _)) = edges[v].get(top.1) {
                top.1 += 1;
                let w = w.0;
                if index[w] == NONE {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(u, _)) = calls.last() {
                low[u] = low[u].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = count;
                    if w == v {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    comp
}
