//! Editor section "Catalog": the products on sale (price, cost, stock, appeal, elasticity) and the kits built from them.

use serde_json::{Value, json};
use yew::prelude::*;

use crate::app::components::fields::{Card, Ctx, Num, REQUIRED, UNCERTAIN, intro, num, para};
use crate::app::components::kit_components::kit_components;
use crate::app::components::list_tools::{array, errors_at, money, number, text, unique_id};
use crate::app::components::text_field::text_field;
use crate::app::doc::{Edit, Path};
use crate::app::format::Formats;

use CatalogText as T;

const PRODUCT: [Num<CatalogText>; 5] = [
    num("price", T::price, "", None, REQUIRED),
    num("unit_cost", T::unit_cost, "", None, REQUIRED | UNCERTAIN),
    num("stock", T::stock, "", None, REQUIRED),
    num("appeal", T::appeal, "1", None, UNCERTAIN),
    num("elasticity", T::elasticity, "1.5", None, UNCERTAIN),
];

const KIT: [Num<CatalogText>; 4] = [
    num("price", T::price, "", None, REQUIRED),
    num("bonus_cost", T::bonus_cost, "0", None, UNCERTAIN),
    num("appeal", T::appeal, "1", None, UNCERTAIN),
    num("elasticity", T::elasticity, "1.5", None, UNCERTAIN),
];

/// One of the section's two lists: its key in the scenario, what a row is, and its number fields.
struct List {
    key: &'static str,
    /// What a row is, for its buttons: "product {name}".
    what: CatalogText,
    /// A row without a name or id, by its place: "Product {n}".
    numbered: CatalogText,
    fields: &'static [Num<CatalogText>],
}

const LISTS: [List; 2] = [
    List { key: "catalog", what: T::product_row, numbered: T::product_n, fields: &PRODUCT },
    List { key: "kits", what: T::kit_row, numbered: T::kit_n, fields: &KIT },
];

/// A card's title and the row buttons' words for an item: its name, else its id, else its place.
fn called(f: &Formats, v: &Value, list: &List, i: usize) -> String {
    [text(v, "name"), text(v, "id")]
        .into_iter()
        .find(|s| !s.trim().is_empty())
        .map_or_else(|| f.fill(list.numbered, &[("n", &f.count((i + 1) as f64))]), str::to_owned)
}

/// The cards of one list.
fn cards(ctx: &Ctx, list: &List) -> Html {
    let path = Path::root().key(list.key);
    let rows = array(&ctx.doc, list.key);
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let item = path.index(i);
            let title = called(&ctx.f, row, list, i);
            let grid = html! {
                <>
                    { text_field(ctx, item.key("id"), ctx.t(T::id).into(), None, false) }
                    <div class="span-2">{ text_field(ctx, item.key("name"), ctx.t(T::name).into(), None, false) }</div>
                    { ctx.nums(&item, list.fields) }
                </>
            };
            let after = if list.key == "kits" { kit_components(ctx, &item, &title) } else { Html::default() };
            let card = Card {
                class: "card".to_owned(),
                id: format!("{}-{i}", list.key),
                what: ctx.f.fill(list.what, &[("name", &title)]),
                title,
                title_class: "card-title",
                grid,
                after,
            };
            ctx.card(&path, i, rows.len(), card)
        })
        .collect()
}

/// The section; it keeps no state of its own.
pub fn section_catalog(ctx: &Ctx) -> Html {
    let (doc, f) = (&*ctx.doc, &ctx.f);
    let (products, kits) = (array(doc, "catalog"), array(doc, "kits"));

    // Starter rows; a kit starts from the first two products, priced 10 % under buying them apart.
    let n = products.len() + 1;
    let product = json!({
        "id": unique_id(doc, "product", n), "name": f.fill(T::product_n, &[("n", &f.count(n as f64))]), "price": 50, "unit_cost": 20, "stock": 100,
    });
    let k = kits.len() + 1;
    let parts: Vec<&Value> = products.iter().filter(|p| !text(p, "id").is_empty()).take(2).collect();
    let components: serde_json::Map<String, Value> =
        parts.iter().map(|p| (text(p, "id").to_owned(), json!(1))).collect();
    let apart: f64 = parts.iter().filter_map(|p| number(p, "price")).sum();
    let price = if apart > 0.0 { (apart * 0.9 * 10.0).round() / 10.0 } else { 100.0 };
    let kit = json!({
        "id": unique_id(doc, "kit", k), "name": f.fill(T::kit_n, &[("n", &f.count(k as f64))]), "components": components, "price": money(price),
    });

    html! {
        <div class="section catalog">
            { intro(f.t(T::title), f.t(T::about)) }
            <h3>{ f.fill(T::products, &[("n", &f.count(products.len() as f64))]) }</h3>
            { errors_at(&ctx.errors, &Path::root().key("catalog")) }
            if products.is_empty() { { para("hint", f.t(T::no_products)) } }
            { cards(ctx, &LISTS[0]) }
            <button type="button" class="secondary add-button" onclick={ctx.click(Edit::Push(Path::root().key("catalog"), product))}>{ f.t(T::add_product) }</button>
            <h3>{ f.fill(T::kits, &[("n", &f.count(kits.len() as f64))]) }</h3>
            { para("hint", f.t(T::kits_about)) }
            { errors_at(&ctx.errors, &Path::root().key("kits")) }
            { cards(ctx, &LISTS[1]) }
            <button type="button" class="secondary add-button" onclick={ctx.click(Edit::Push(Path::root().key("kits"), kit))}>{ f.t(T::add_kit) }</button>
        </div>
    }
}

crate::texts! { CatalogText "catalog" {
    title = "Catalog";
    about = "Products and kits share one list of ids. Appeal scales how often viewers want an item; elasticity, how much a lower price lifts that (1.5 if empty).";
    products = "Products ({n})";
    no_products = "No products yet.";
    add_product = "+ Add product";
    kits = "Kits ({n})";
    kits_about = "A kit sells its components together: each sale takes their stock and costs their unit costs plus the bonus cost.";
    add_kit = "+ Add kit";
    product_row = "product {name}";
    kit_row = "kit {name}";
    product_n = "Product {n}";
    kit_n = "Kit {n}";
    id = "ID";
    name = "Name";
    price = "Price ({cur})";
    unit_cost = "Unit cost";
    stock = "Stock (units)";
    appeal = "Appeal";
    elasticity = "Elasticity";
    bonus_cost = "Bonus cost";
} }
