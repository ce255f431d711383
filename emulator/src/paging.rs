//! `page`/`size` paging as the campaign services answer it: the page's items in `content`,
//! `{size, totalElements, totalPages, number}` in `page`, and `self`, `first`, `prev`, `next`
//! and `last` links (relative, with the request's other parameters kept).

use serde_json::{json, Value};

/// One page of `items`: `number` counts from 0; a page past the end is empty.
pub(crate) fn page(
    items: Vec<Value>,
    number: i64,
    size: i64,
    path: &str,
    keep: &[(&str, String)],
) -> Value {
    let total = items.len() as i64;
    let pages = (total + size - 1) / size;
    let content: Vec<Value> = items
        .into_iter()
        .skip((number * size) as usize)
        .take(size as usize)
        .collect();
    let href = |n: i64| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in keep {
            query.append_pair(k, v);
        }
        query.append_pair("page", &n.to_string());
        query.append_pair("size", &size.to_string());
        format!("{path}?{}", query.finish())
    };
    let mut links = vec![json!({ "rel": "self", "href": href(number) })];
    if pages > 0 {
        links.push(json!({ "rel": "first", "href": href(0) }));
    }
    if number > 0 && number <= pages {
        links.push(json!({ "rel": "prev", "href": href(number - 1) }));
    }
    if number + 1 < pages {
        links.push(json!({ "rel": "next", "href": href(number + 1) }));
    }
    if pages > 0 {
        links.push(json!({ "rel": "last", "href": href(pages - 1) }));
    }
    json!({
        "links": links,
        "content": content,
        "page": { "size": size, "totalElements": total, "totalPages": pages, "number": number },
    })
}

/// `field` or `field,asc|desc` of a `sort` parameter: `(field, descending)`, if the field is
/// one of `allowed`.
pub(crate) fn sort_order<'a>(sort: &'a str, allowed: &[&str]) -> Option<(&'a str, bool)> {
    let (field, direction) = sort.split_once(',').unwrap_or((sort, "asc"));
    let descending = match direction.trim().to_ascii_lowercase().as_str() {
        "asc" => false,
        "desc" => true,
        _ => return None,
    };
    let field = field.trim();
    allowed.contains(&field).then_some((field, descending))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_links() {
        let items: Vec<Value> = (0..25).map(Value::from).collect();
        let first = page(items.clone(), 0, 20, "/v3/jobs", &[]);
        assert_eq!(first["content"].as_array().unwrap().len(), 20);
        assert_eq!(
            first["page"],
            json!({"size": 20, "totalElements": 25, "totalPages": 2, "number": 0})
        );
        let rels: Vec<&str> = first["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["rel"].as_str().unwrap())
            .collect();
        assert_eq!(rels, ["self", "first", "next", "last"]);
        let second = page(items, 1, 20, "/v3/jobs", &[("groupId", "g".into())]);
        assert_eq!(second["content"].as_array().unwrap().len(), 5);
        assert_eq!(
            second["links"][0]["href"],
            "/v3/jobs?groupId=g&page=1&size=20"
        );
        assert_eq!(
            sort_order("lineNbr,desc", &["lineNbr"]),
            Some(("lineNbr", true))
        );
        assert_eq!(sort_order("other", &["lineNbr"]), None);
        assert_eq!(sort_order("lineNbr,up", &["lineNbr"]), None);
    }
}
